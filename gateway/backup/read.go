package backup

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// entryFunc receives each file of an archive after the manifest, with the manifest's entry for
// it, and reads its content from r.
type entryFunc func(want File, r io.Reader) error

// readArchive reads the archive at path: its manifest, then every entry, each of which must be a
// directory below pki/ or a file the manifest lists; fn receives the files. It fails unless every
// listed file was read exactly once, with its size and SHA-256.
func readArchive(path string, fn entryFunc) (Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return Manifest{}, fmt.Errorf("opening the backup: %w", err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	m, err := readManifest(tr)
	if err != nil {
		return Manifest{}, err
	}
	seen := make(map[string]bool, len(m.Files))
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return m, requireAll(m, seen)
		}
		if err != nil {
			return Manifest{}, fmt.Errorf("reading the backup: %w", err)
		}
		if err := readEntry(m, hdr, tr, seen, fn); err != nil {
			return Manifest{}, err
		}
	}
}

// readManifest reads the first entry, which must be the manifest.
func readManifest(tr *tar.Reader) (Manifest, error) {
	hdr, err := tr.Next()
	if err != nil {
		return Manifest{}, fmt.Errorf("reading the backup (is it a taskgate backup?): %w", err)
	}
	if hdr.Name != ManifestName || hdr.Typeflag != tar.TypeReg {
		return Manifest{}, fmt.Errorf("not a taskgate backup: its first entry is %q, not %s", hdr.Name, ManifestName)
	}
	return decodeManifest(io.LimitReader(tr, 1<<20))
}

// readEntry checks one entry against the manifest and hands a file to fn.
func readEntry(m Manifest, hdr *tar.Header, tr *tar.Reader, seen map[string]bool, fn entryFunc) error {
	if hdr.Typeflag == tar.TypeDir {
		name := strings.TrimSuffix(hdr.Name, "/")
		if name != PKIDirName && !validName(name) {
			return fmt.Errorf("the backup holds a directory %q, which no backup holds", hdr.Name)
		}
		return nil
	}
	want, listed := m.file(hdr.Name)
	switch {
	case hdr.Typeflag != tar.TypeReg || !listed:
		return fmt.Errorf("the backup holds %q, which its manifest does not list", hdr.Name)
	case seen[hdr.Name]:
		return fmt.Errorf("the backup holds %q twice", hdr.Name)
	case hdr.Size != want.Size:
		return fmt.Errorf("%s is %d bytes, but the manifest says %d", hdr.Name, hdr.Size, want.Size)
	}
	seen[hdr.Name] = true
	h := sha256.New()
	if err := fn(want, io.TeeReader(tr, h)); err != nil {
		return fmt.Errorf("%s: %w", hdr.Name, err)
	}
	if hex.EncodeToString(h.Sum(nil)) != want.SHA256 {
		return fmt.Errorf("%s is damaged: its SHA-256 is not the manifest's", hdr.Name)
	}
	return nil
}

// requireAll fails unless every file the manifest lists was seen.
func requireAll(m Manifest, seen map[string]bool) error {
	for _, f := range m.Files {
		if !seen[f.Name] {
			return fmt.Errorf("the backup lacks %s, which its manifest lists (is it cut short?)", f.Name)
		}
	}
	return nil
}
