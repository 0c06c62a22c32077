package accounts

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/taskgate/taskgate/gateway/pki"
)

// File modes of what a device gets.
const (
	deviceDirMode  fs.FileMode = 0o700
	deviceKeyMode  fs.FileMode = 0o600
	deviceCertMode fs.FileMode = 0o644
)

// deviceFiles are the absolute paths of the files a Taskwarrior 2.x device needs.
type deviceFiles struct {
	dir, ca, cert, key string
}

// WriteDeviceFiles writes the files of an issued device into dir ("" for the current
// directory), as DeviceParams.Dir describes, and returns the device's .taskrc settings with the
// files' absolute paths.
func WriteDeviceFiles(dir string, d IssuedDevice) (map[string]string, error) {
	files, err := freeDeviceFiles(dir, d.Device)
	if err != nil {
		return nil, err
	}
	if _, err := files.write([]byte(d.CAPEM), []byte(d.CertPEM), []byte(d.KeyPEM)); err != nil {
		return nil, err
	}
	rc := make(map[string]string, len(d.Taskrc2)+3)
	for k, v := range d.Taskrc2 {
		rc[k] = v
	}
	return files.withFiles(rc), nil
}

// freeDeviceFiles returns the paths of the files of device in dir, refusing files that exist.
func freeDeviceFiles(dir, device string) (deviceFiles, error) {
	files, err := deviceFilesIn(dir, device)
	if err != nil {
		return deviceFiles{}, err
	}
	return files, files.checkFree()
}

// deviceFilesIn returns the paths of the files of device in dir ("" for the current directory).
func deviceFilesIn(dir, device string) (deviceFiles, error) {
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return deviceFiles{}, fmt.Errorf("resolving the directory %q: %w", dir, err)
	}
	if why := taskrcProblem(abs); why != "" {
		return deviceFiles{}, refuse(ErrInvalidDevice, "directory %q cannot be named in a .taskrc line: %s "+
			"(choose another with --out)", abs, why)
	}
	return deviceFiles{
		dir:  abs,
		ca:   filepath.Join(abs, pki.CACertFile),
		cert: filepath.Join(abs, device+".cert.pem"),
		key:  filepath.Join(abs, device+".key.pem"),
	}, nil
}

// checkFree refuses, before anything is issued, a device certificate or key that exists.
func (f deviceFiles) checkFree() error {
	for _, p := range []string{f.cert, f.key} {
		if _, err := os.Lstat(p); err == nil {
			return existsErr(p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("checking %s: %w", p, err)
		}
	}
	return nil
}

// write creates the directory if needed and writes the CA certificate (unless the directory
// already holds the same one), the device certificate and its key, never replacing a file. On
// failure it removes what it wrote, and the directory if it made it; on success remove does.
// Only the last element of a missing path is removed again.
func (f deviceFiles) write(caPEM, certPEM, keyPEM []byte) (remove func(), err error) {
	var written []string // removed in reverse order, so a directory made here goes last
	if _, err := os.Stat(f.dir); errors.Is(err, fs.ErrNotExist) {
		written = append(written, f.dir)
	}
	if err := os.MkdirAll(f.dir, deviceDirMode); err != nil {
		return nil, fmt.Errorf("creating %s: %w", f.dir, err)
	}
	removeAll := func() {
		for _, p := range slices.Backward(written) {
			_ = os.Remove(p)
		}
	}
	newCA, err := writeCACert(f.ca, caPEM)
	if err != nil {
		removeAll()
		return nil, err
	}
	if newCA {
		written = append(written, f.ca)
	}
	for _, file := range []struct {
		path string
		data []byte
		perm fs.FileMode
	}{{f.cert, certPEM, deviceCertMode}, {f.key, keyPEM, deviceKeyMode}} {
		if err := writeNew(file.path, file.data, file.perm); err != nil {
			removeAll()
			return nil, err
		}
		written = append(written, file.path)
	}
	return removeAll, nil
}

// writeCACert writes the CA certificate to path unless path already holds it; another file
// there is refused. created reports whether the file was written.
func writeCACert(path string, caPEM []byte) (created bool, err error) {
	old, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, writeNew(path, caPEM, deviceCertMode)
	case err != nil:
		return false, fmt.Errorf("reading %s: %w", path, err)
	case !bytes.Equal(bytes.TrimSpace(old), bytes.TrimSpace(caPEM)):
		return false, refuse(fs.ErrExist, "%s exists and is not taskgate's CA certificate; choose another directory "+
			"with --out (files are never replaced)", path)
	}
	return false, nil
}

// writeNew writes data to a new file at path with mode perm and syncs it; an existing path is
// refused, and a failed write leaves no file.
func writeNew(path string, data []byte, perm fs.FileMode) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if errors.Is(err, fs.ErrExist) {
		return existsErr(path)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(path)
		}
	}()
	if err = f.Chmod(perm); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// existsErr refuses to replace path.
func existsErr(path string) error {
	return refuse(fs.ErrExist, "%s already exists; choose another device name with --device or another directory "+
		"with --out (files are never replaced)", path)
}
