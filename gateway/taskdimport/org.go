package taskdimport

import (
	"context"
	"path/filepath"

	"github.com/taskgate/taskgate/store"
)

// putOrg stores the organization's suspension and redirect, when it has either.
func (im *Importer) putOrg(ctx context.Context, org Org) (Problem, bool) {
	if im.opts.DryRun || (!org.Suspended && org.Redirect == "") {
		return Problem{}, true
	}
	err := im.st.TaskdOrgPut(ctx, store.TaskdOrg{Name: org.Name, Suspended: org.Suspended, Redirect: org.Redirect})
	if err != nil {
		dir := filepath.Join(im.opts.Root, orgsDir, org.Name)
		return problemf(dir, 0, "the suspension or redirect of organization %q was not stored: %v", org.Name, err), false
	}
	return Problem{}, true
}
