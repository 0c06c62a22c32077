package keys

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// MasterKeyFileName is the file the embedded default keeps its generated master key in.
const MasterKeyFileName = "master.key"

// Source says where the master key comes from; the first non-empty field wins.
type Source struct {
	// Value is the key itself (64 hex digits), e.g. from TASKGATE_MASTER_KEY.
	Value string
	// File is a file holding the key.
	File string
	// GenerateIn, when set, is a directory where a key is generated (0600) if none exists yet.
	GenerateIn string
}

// Load returns the master key. generated is the path of a key file it just created, so the
// caller can log that a key was made and must be backed up. With an empty Source it returns
// an invalid key and no error: plaintext accounts are then unavailable.
func Load(src Source) (key MasterKey, generated string, err error) {
	switch {
	case src.Value != "":
		key, err = ParseMasterKey(src.Value)
		return key, "", err
	case src.File != "":
		key, err = readKeyFile(src.File)
		return key, "", err
	case src.GenerateIn != "":
		return loadOrGenerate(filepath.Join(src.GenerateIn, MasterKeyFileName))
	}
	return MasterKey{}, "", nil
}

func readKeyFile(path string) (MasterKey, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return MasterKey{}, fmt.Errorf("reading the master key: %w", err)
	}
	key, err := ParseMasterKey(string(text))
	if err != nil {
		return MasterKey{}, fmt.Errorf("%s: %w", path, err)
	}
	return key, nil
}

func loadOrGenerate(path string) (MasterKey, string, error) {
	key, err := readKeyFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, "", err
	}
	text, err := GenerateMasterKey()
	if err != nil {
		return MasterKey{}, "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return MasterKey{}, "", fmt.Errorf("creating %s: %w", filepath.Dir(path), err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		key, err := readKeyFile(path) // another process made it first
		return key, "", err
	}
	if err != nil {
		return MasterKey{}, "", fmt.Errorf("creating the master key file: %w", err)
	}
	if _, err := f.WriteString(text + "\n"); err != nil {
		_ = f.Close()
		return MasterKey{}, "", fmt.Errorf("writing the master key file: %w", err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return MasterKey{}, "", fmt.Errorf("writing the master key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return MasterKey{}, "", fmt.Errorf("writing the master key file: %w", err)
	}
	key, err = ParseMasterKey(text)
	return key, path, err
}
