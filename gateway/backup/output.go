package backup

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// checkOut refuses an archive path that exists, unless force allows replacing a file.
func checkOut(out string, force bool) error {
	info, err := os.Stat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("checking %s: %w", out, err)
	case !info.Mode().IsRegular():
		return fmt.Errorf("%s exists and is not a file", out)
	case !force:
		return fmt.Errorf("%s exists; choose another name, or --force to replace it", out)
	}
	return nil
}

// publish writes a new file at path, mode perm, through write: into a temporary file in the same
// directory, synced, then linked to path (or, with replace, renamed over it), so that path is
// never a partial file and, without replace, an existing file is never overwritten. It returns
// the size written.
func publish(path string, perm fs.FileMode, replace bool, write func(io.Writer) error) (size int64, err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("creating %s: %w", path, err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if err := fill(tmp, perm, write); err != nil {
		return 0, fmt.Errorf("writing %s: %w", path, err)
	}
	if err := place(tmp.Name(), path, replace); err != nil {
		return 0, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("writing %s: %w", path, err)
	}
	return info.Size(), syncDir(dir)
}

// fill sets f's mode, writes it, syncs and closes it.
func fill(f *os.File, perm fs.FileMode, write func(io.Writer) error) error {
	err := f.Chmod(perm)
	if err == nil {
		err = write(f)
	}
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// place gives the finished temporary file tmp its name. Without replace it links, which fails
// when path exists.
func place(tmp, path string, replace bool) error {
	if replace {
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return nil
	}
	err := os.Link(tmp, path)
	if err == nil {
		return nil
	}
	if _, statErr := os.Lstat(path); !errors.Is(statErr, fs.ErrNotExist) {
		return fmt.Errorf("%s exists; it was left alone", path)
	}
	// A file system without hard links: the name was free a moment ago.
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// syncDir makes a new name in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	err = d.Sync()
	return errors.Join(err, d.Close())
}
