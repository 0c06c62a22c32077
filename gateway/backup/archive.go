package backup

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"time"
)

// writeArchive writes the manifest and then every source, whose content must still match its
// manifest entry.
func writeArchive(w io.Writer, m Manifest, srcs []source) error {
	tw := tar.NewWriter(w)
	text, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("writing the manifest: %w", err)
	}
	text = append(text, '\n')
	manifest := File{Name: ManifestName, Size: int64(len(text)), Mode: 0o600}
	if _, err := writeEntry(tw, m.Created, manifest, bytes.NewReader(text)); err != nil {
		return err
	}
	for _, dir := range directories(m) {
		hdr := &tar.Header{Typeflag: tar.TypeDir, Name: dir + "/", Mode: 0o700, ModTime: m.Created}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("writing the archive: %w", err)
		}
	}
	for i, src := range srcs {
		if err := writeSource(tw, m.Created, m.Files[i], src); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("writing the archive: %w", err)
	}
	return nil
}

// writeSource archives src and checks that it was read as its manifest entry describes.
func writeSource(tw *tar.Writer, created time.Time, want File, src source) error {
	f, err := os.Open(src.path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", src.path, err)
	}
	defer f.Close()
	digest, err := writeEntry(tw, created, want, f)
	if errors.Is(err, io.ErrUnexpectedEOF) || err == nil && digest != want.SHA256 {
		return fmt.Errorf("%s changed while it was being backed up; run the backup again", src.path)
	}
	return err
}

// writeEntry writes the file f, reading its want.Size bytes from r, and returns their SHA-256.
// A reader that ends early is an io.ErrUnexpectedEOF.
func writeEntry(tw *tar.Writer, created time.Time, f File, r io.Reader) (string, error) {
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: f.Name, Size: f.Size, Mode: int64(f.Mode), ModTime: created}
	if err := tw.WriteHeader(hdr); err != nil {
		return "", fmt.Errorf("writing the archive: %w", err)
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(tw, h), r, f.Size); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return "", fmt.Errorf("archiving %s: %w", f.Name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// directories lists the directories the files of m lie in, parents first.
func directories(m Manifest) []string {
	var dirs []string
	for _, f := range m.Files {
		for dir := path.Dir(f.Name); dir != "."; dir = path.Dir(dir) {
			if !slices.Contains(dirs, dir) {
				dirs = append(dirs, dir)
			}
		}
	}
	slices.Sort(dirs)
	return dirs
}
