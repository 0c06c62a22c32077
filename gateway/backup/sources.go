package backup

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/taskgate/taskgate/keys"
)

// source is one file to archive: its name in the archive and where it is read from.
type source struct {
	name string
	path string
}

// pkiSources lists every regular file below dir (following symbolic links to files); a missing
// dir holds none.
func pkiSources(dir string) ([]source, error) {
	var srcs []source
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return fs.SkipAll
		}
		if err != nil || d.IsDir() {
			return err
		}
		if info, err := os.Stat(p); err != nil || !info.Mode().IsRegular() {
			return err // a link to a directory, a socket or the like is left out
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		srcs = append(srcs, source{name: path.Join(PKIDirName, filepath.ToSlash(rel)), path: p})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing the PKI directory %s: %w", dir, err)
	}
	return srcs, nil
}

// keySource returns the master key file to archive, if the server reads its key from the data
// directory, and describes where the key is for the manifest.
func keySource(dataDir string, key keys.Source) (*source, string, error) {
	inDataDir := filepath.Join(dataDir, keys.MasterKeyFileName)
	switch {
	case key.Value != "":
		return nil, KeyEnvironment, nil
	case key.File != "" && !sameFile(key.File, inDataDir):
		return nil, KeyFilePrefix + key.File, nil
	}
	if _, err := os.Stat(inDataDir); errors.Is(err, fs.ErrNotExist) {
		return nil, KeyNone, nil
	} else if err != nil {
		return nil, "", fmt.Errorf("reading the master key: %w", err)
	}
	return &source{name: MasterKeyName, path: inDataDir}, KeyIncluded, nil
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(ia, ib)
}

// describe reads src once for its manifest entry.
func describe(src source) (File, error) {
	f, err := os.Open(src.path)
	if err != nil {
		return File{}, fmt.Errorf("reading %s: %w", src.path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return File{}, fmt.Errorf("reading %s: %w", src.path, err)
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, fmt.Errorf("reading %s: %w", src.path, err)
	}
	return File{Name: src.name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), Mode: uint32(info.Mode().Perm())}, nil
}
