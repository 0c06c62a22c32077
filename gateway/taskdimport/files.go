package taskdimport

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
	if err := writeFileAtomic(to, data, fs.FileMode(perm)); err != nil {
		return "", err
	}
	return actionWritten, nil
}

// writeFileAtomic replaces path with data through a synced temporary file in the same
// directory, so that a crash leaves the old file or the new one, never a part.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
