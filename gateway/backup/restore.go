package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/taskgate/taskgate/store/sqlite"
)

// RestoreOptions says which archive Restore reads and where its files go.
type RestoreOptions struct {
	// Archive is the backup to restore.
	Archive string
	// DataDir receives the database and the master key; it may exist, but must hold neither.
	DataDir string
	// PKIDir receives the PKI files; empty means DataDir/pki.
	PKIDir string
}

// Restore puts the files of a backup into an embedded store's data directory and PKI directory.
// It checks the whole archive against its manifest first and never overwrites a file: restore
// into a new or emptied data directory, with the server stopped.
func Restore(ctx context.Context, opts RestoreOptions) (Report, error) {
	m, err := readArchive(opts.Archive, func(_ File, r io.Reader) error {
		_, err := io.Copy(io.Discard, r)
		return err
	})
	if err != nil {
		return Report{}, fmt.Errorf("%s: %w", opts.Archive, err)
	}
	targets := opts.targets(m)
	if err := refuseExisting(opts.DataDir, targets); err != nil {
		return Report{}, err
	}
	written, err := opts.extract(targets)
	if err == nil {
		_, err = sqlite.Inspect(ctx, targets[DatabaseName])
	}
	if err != nil {
		return Report{}, errors.Join(err, removeAll(written))
	}
	return Report{Archive: opts.Archive, Manifest: m, Written: written}, nil
}

// targets maps each file of m to the path it is restored to.
func (opts RestoreOptions) targets(m Manifest) map[string]string {
	pki := pkiDir(opts.DataDir, opts.PKIDir)
	out := make(map[string]string, len(m.Files))
	for _, f := range m.Files {
		if rest, ok := strings.CutPrefix(f.Name, PKIDirName+"/"); ok {
			out[f.Name] = filepath.Join(pki, filepath.FromSlash(rest))
		} else {
			out[f.Name] = filepath.Join(opts.DataDir, f.Name)
		}
	}
	return out
}

// refuseExisting fails, naming them all, if any target or a database journal exists.
func refuseExisting(dataDir string, targets map[string]string) error {
	paths := []string{}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		paths = append(paths, filepath.Join(dataDir, DatabaseName+suffix))
	}
	for _, p := range targets {
		paths = append(paths, p)
	}
	var found []string
	for _, p := range paths {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			found = append(found, p)
		}
	}
	if len(found) > 0 {
		slices.Sort(found)
		return fmt.Errorf("refusing to overwrite %s: stop taskgate and move the data directory away, "+
			"or restore into a new one", strings.Join(found, ", "))
	}
	return nil
}

// extract writes every file of the archive to its target and returns the paths written.
func (opts RestoreOptions) extract(targets map[string]string) ([]string, error) {
	var written []string
	_, err := readArchive(opts.Archive, func(want File, r io.Reader) error {
		target := targets[want.Name]
		if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
			return fmt.Errorf("restoring %s: %w", want.Name, err)
		}
		if _, err := publish(target, fs.FileMode(want.Mode).Perm(), false, copyChecked(want, r)); err != nil {
			return err
		}
		written = append(written, target)
		return nil
	})
	return written, err
}

// copyChecked copies r to the writer it is given and fails unless r held the file want.
func copyChecked(want File, r io.Reader) func(io.Writer) error {
	return func(w io.Writer) error {
		h := sha256.New()
		if _, err := io.Copy(io.MultiWriter(w, h), r); err != nil {
			return err
		}
		if hex.EncodeToString(h.Sum(nil)) != want.SHA256 {
			return fmt.Errorf("%s changed while it was being restored", path.Base(want.Name))
		}
		return nil
	}
}

// removeAll removes the files a failed restore wrote.
func removeAll(paths []string) error {
	var errs []error
	for _, p := range paths {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
