package champion

import (
	"time"

	"github.com/google/uuid"
)

// Defaults of the reference server.
const (
	// DefaultMaxBody is the largest accepted request body (100 MiB, as the reference server).
	DefaultMaxBody = 100 * 1024 * 1024
	// DefaultSnapshotVersions is the number of versions after a snapshot at which a new one is
	// requested with low urgency (high at 1.5 times as many).
	DefaultSnapshotVersions = 100
	// DefaultSnapshotDays is the snapshot age in days at which a new one is requested with low
	// urgency (high at 1.5 times as many).
	DefaultSnapshotDays = 14
)

// Config holds the TaskChampion protocol settings.
type Config struct {
	// CreateClients makes add-version create an encrypted account for an unknown client id.
	CreateClients bool
	// AllowClientIDs, when not empty, is the only set of client ids served; others get 403.
	AllowClientIDs []uuid.UUID
	// SnapshotVersions and SnapshotDays set the snapshot urgency thresholds.
	SnapshotVersions int
	SnapshotDays     int
	// MaxBody is the largest request body in bytes.
	MaxBody int64
	// Version is the product version shown by GET /.
	Version string
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// DefaultConfig returns the reference server's defaults.
func DefaultConfig() Config {
	return Config{
		CreateClients:    true,
		SnapshotVersions: DefaultSnapshotVersions,
		SnapshotDays:     DefaultSnapshotDays,
		MaxBody:          DefaultMaxBody,
	}
}

func (c Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}
