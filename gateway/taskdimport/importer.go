package taskdimport

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/keys"
)

// Options configure an import.
type Options struct {
	// Root is the taskd root directory.
	Root string
	// PKIDir is taskgate's PKI directory, where the taskd CA (and with KeepServerCert the
	// server certificate and key) are copied; "" copies nothing.
	PKIDir string
	// KeepServerCert copies the taskd server certificate and key, which serve then keeps serving.
	KeepServerCert bool
	// DryRun reads and checks everything and reports what would happen, writing nothing. The
	// store may then be nil (a store that does not exist yet has no accounts).
	DryRun bool
	// PublicURL is where Taskwarrior 3 devices reach the TaskChampion listener, printed as
	// sync.server.url.
	PublicURL string
	// UDATypes declares UDA types (the uda.NAME.type settings of the 2.x devices) for every
	// imported account: a date UDA's values are then stored as the dates they are. Types are
	// never guessed from the values; an undeclared UDA's values are kept as written.
	UDATypes map[string]convert.Type
	// SegmentBytes is the size of operations per version; 0 means DefaultSegmentBytes.
	SegmentBytes int
	// Now dates tasks that carry no date at all; nil means time.Now.
	Now func() time.Time
}

// ErrNoMasterKey means an import that writes was started without a master key: the keys of
// plaintext accounts are sealed with it.
var ErrNoMasterKey = errors.New("no master key: set --master-key-file or TASKGATE_MASTER_KEY; " +
	"the embedded default generates one in the data directory")

// Importer imports a taskd root into a store.
type Importer struct {
	st     Store
	master keys.MasterKey
	opts   Options
}

// New returns an Importer writing to st, sealing account keys with master.
func New(st Store, master keys.MasterKey, opts Options) *Importer {
	if opts.SegmentBytes <= 0 {
		opts.SegmentBytes = DefaultSegmentBytes
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Importer{st: st, master: master, opts: opts}
}

// Run imports every organization and user of the root and copies its certificates. Per-user
// failures are in the report; an error means the import could not start (or was cancelled, in
// which case the report holds what was done).
func (im *Importer) Run(ctx context.Context) (Report, error) {
	if err := im.check(); err != nil {
		return Report{}, err
	}
	root, problems, err := Open(im.opts.Root)
	if err != nil {
		return Report{}, err
	}
	rep := Report{Root: root.Dir, DryRun: im.opts.DryRun, Accounts: []AccountReport{}, Orgs: []OrgReport{},
		PKI: []FileReport{}, Problems: problems}
	for _, org := range root.Orgs {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("import interrupted: %w", err)
		}
		im.importOrg(ctx, org, &rep)
	}
	files, ps := im.copyPKI(root)
	rep.PKI = append(rep.PKI, files...)
	rep.Problems = append(rep.Problems, ps...)
	if rep.Problems == nil {
		rep.Problems = []Problem{}
	}
	return rep, nil
}

// check refuses an import that cannot write.
func (im *Importer) check() error {
	if im.opts.DryRun {
		return nil
	}
	if im.st == nil {
		return errors.New("taskdimport: no store")
	}
	if !im.master.Valid() {
		return ErrNoMasterKey
	}
	return nil
}

// importOrg keeps the organization's suspension and redirect, then imports its users.
func (im *Importer) importOrg(ctx context.Context, org Org, rep *Report) {
	rep.Orgs = append(rep.Orgs, OrgReport{Name: org.Name, Users: len(org.Users), Suspended: org.Suspended, Redirect: org.Redirect})
	if p, ok := im.putOrg(ctx, org); !ok {
		rep.Problems = append(rep.Problems, p)
	}
	for _, u := range org.Users {
		if ctx.Err() != nil {
			return
		}
		ar, ps := im.importUser(ctx, u)
		rep.Accounts = append(rep.Accounts, ar)
		rep.Problems = append(rep.Problems, ps...)
	}
}
