package taskdimport

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/taskgate/taskgate/gateway/pki"
)

// Actions of a FileReport.
const (
	actionWritten    = "written"
	actionUnchanged  = "unchanged"
	actionWouldWrite = "would write"
)

// dirMode is the mode of directories the import creates in the PKI directory.
const dirMode = 0o700

// copyFile copies from to to with mode perm and returns the action taken. An identical copy is
// left as it is; a different file at to is replaced only when replace is set. A dry run writes
// nothing.
func (im *Importer) copyFile(from, to string, perm int, replace bool) (string, error) {
	data, err := os.ReadFile(from)
	if err != nil {
		return "", err
	}
	old, err := os.ReadFile(to)
	switch {
	case err == nil && bytes.Equal(old, data):
		return actionUnchanged, nil
	case err == nil && !replace:
		return "", fmt.Errorf("a different file is already there; left as it is (put this CA under another name "+
			"in %s, every *.pem file there is trusted)", filepath.Dir(to))
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", err
	}
	if im.opts.DryRun {
		return actionWouldWrite, nil
	}
	if err := os.MkdirAll(filepath.Dir(to), dirMode); err != nil {
		return "", err
	}
	if err := pki.WriteFileAtomic(to, data, fs.FileMode(perm)); err != nil {
		return "", err
	}
	return actionWritten, nil
}
