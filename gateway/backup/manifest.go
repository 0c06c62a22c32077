package backup

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store/sqlite"
)

// Names inside the archive.
const (
	// ManifestName is the archive's first entry.
	ManifestName = "taskgate-backup.json"
	// DatabaseName is the copy of the database, named as in the data directory.
	DatabaseName = sqlite.FileName
	// MasterKeyName is the master key, named as in the data directory.
	MasterKeyName = keys.MasterKeyFileName
	// PKIDirName is the directory holding the PKI directory's files.
	PKIDirName = "pki"
)

// Format names this layout of the archive; Restore refuses any other.
const Format = "taskgate-backup/1"

// Where the master key was, as Manifest.MasterKey says.
const (
	// KeyIncluded: the archive holds the key (the server read it from the data directory).
	KeyIncluded = "included"
	// KeyEnvironment: the server read the key from TASKGATE_MASTER_KEY.
	KeyEnvironment = "environment"
	// KeyFilePrefix, followed by a path: the server read the key from that file.
	KeyFilePrefix = "file "
	// KeyNone: the server had no master key.
	KeyNone = "none"
)

// Manifest describes an archive.
type Manifest struct {
	Format  string    `json:"format"`
	Created time.Time `json:"created"`
	// Version is the version of the taskgate that made the archive.
	Version string `json:"taskgate_version"`
	// SchemaVersion is the database's applied migration; Accounts counts its accounts.
	SchemaVersion uint  `json:"schema_version"`
	Accounts      int64 `json:"accounts"`
	// MasterKey says where the server's master key was: KeyIncluded, KeyEnvironment,
	// KeyFilePrefix and a path, or KeyNone.
	MasterKey string `json:"master_key"`
	// Files lists every file that follows the manifest, in archive order.
	Files []File `json:"files"`
}

// File is one file of the archive.
type File struct {
	// Name is the slash-separated path in the archive.
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// Mode holds the permission bits the file is restored with.
	Mode uint32 `json:"mode"`
}

// file returns the entry called name.
func (m Manifest) file(name string) (File, bool) {
	for _, f := range m.Files {
		if f.Name == name {
			return f, true
		}
	}
	return File{}, false
}

// decodeManifest reads a manifest and checks its format and names.
func decodeManifest(r io.Reader) (Manifest, error) {
	var m Manifest
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return Manifest{}, fmt.Errorf("reading the manifest: %w", err)
	}
	if m.Format != Format {
		return Manifest{}, fmt.Errorf("the manifest's format is %q, not %q", m.Format, Format)
	}
	return m, m.checkNames()
}

// checkNames requires the database, and only names a backup may hold, each once.
func (m Manifest) checkNames() error {
	seen := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		if !validName(f.Name) {
			return fmt.Errorf("the manifest lists %q, which a backup cannot hold", f.Name)
		}
		if seen[f.Name] {
			return fmt.Errorf("the manifest lists %q twice", f.Name)
		}
		seen[f.Name] = true
	}
	if !seen[DatabaseName] {
		return errors.New("the manifest lists no database")
	}
	return nil
}

// validName reports whether name is the database, the master key or a file below pki/.
func validName(name string) bool {
	if name == DatabaseName || name == MasterKeyName {
		return true
	}
	rest, ok := strings.CutPrefix(name, PKIDirName+"/")
	return ok && path.Clean(name) == name && filepath.IsLocal(filepath.FromSlash(rest))
}
