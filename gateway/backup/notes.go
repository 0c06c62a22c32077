package backup

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/taskgate/taskgate/keys"
)

// noKeyNote is the end of every note about a master key the archive does not hold.
const noKeyNote = "; plaintext accounts cannot be read without it."

// CreatedKeyNote says where the master key of a new backup is when the archive does not hold
// it, so that the person who made the backup keeps the key too; "" when there is nothing to say.
func CreatedKeyNote(m Manifest) string {
	switch {
	case m.MasterKey == KeyEnvironment:
		return "The backup holds no master key: the server reads it from TASKGATE_MASTER_KEY. Keep a copy of it" + noKeyNote
	case strings.HasPrefix(m.MasterKey, KeyFilePrefix):
		return fmt.Sprintf("The backup holds no master key: the server reads it from %s. Keep a copy of that file%s",
			strings.TrimPrefix(m.MasterKey, KeyFilePrefix), noKeyNote)
	}
	return ""
}

// RestoredKeyNote says what a person who restored m into dataDir must know about the master key
// when the restored server reads its key from src; "" when the backup's key is where the server
// looks for it.
func RestoredKeyNote(m Manifest, dataDir string, src keys.Source) string {
	switch {
	case m.MasterKey == KeyIncluded && configuredKey(dataDir, src) != "":
		return fmt.Sprintf("The backup's master key was restored to %s, but this configuration reads the key from %s: "+
			"plaintext accounts open only with the backup's key.", filepath.Join(dataDir, MasterKeyName), configuredKey(dataDir, src))
	case m.MasterKey == KeyEnvironment:
		return "The backup holds no master key: the server read it from TASKGATE_MASTER_KEY. Set the same key " +
			"before starting taskgate" + noKeyNote
	case strings.HasPrefix(m.MasterKey, KeyFilePrefix):
		return fmt.Sprintf("The backup holds no master key: the server read it from %s. Configure the same key "+
			"before starting taskgate%s", strings.TrimPrefix(m.MasterKey, KeyFilePrefix), noKeyNote)
	}
	return ""
}

// configuredKey names where src has the server read its key, unless that is dataDir's key file.
func configuredKey(dataDir string, src keys.Source) string {
	switch {
	case src.Value != "":
		return "TASKGATE_MASTER_KEY"
	case src.File != "" && filepath.Clean(src.File) != filepath.Join(dataDir, keys.MasterKeyFileName):
		return src.File
	}
	return ""
}
