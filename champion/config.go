package champion

import (
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/chain"
)

// Defaults of the reference server.
const (
	// DefaultMaxBody is the largest accepted request body (100 MiB, as the reference server).
	DefaultMaxBody = 100 * 1024 * 1024
	// DefaultRequestTimeout bounds one request's store work: far above a healthy store's
	// milliseconds, below the minutes after which Taskwarrior gives up on its own.
	DefaultRequestTimeout = 30 * time.Second
)

// Config holds the TaskChampion protocol settings.
type Config struct {
	// CreateClients makes add-version create an encrypted account for an unknown client id.
	CreateClients bool
	// AllowClientIDs, when not empty, is the only set of client ids served; others get 403.
	AllowClientIDs []uuid.UUID
	// SnapshotVersions and SnapshotDays set the snapshot schedule of the chain core (see
	// CoreConfig); zero takes the reference default.
	SnapshotVersions int
	SnapshotDays     int
	// RequestTimeout bounds the store work of one request, so that no request waits on a busy
	// store forever; past it the request is answered 503. Zero takes DefaultRequestTimeout.
	RequestTimeout time.Duration
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
		SnapshotVersions: chain.DefaultSnapshotVersions,
		SnapshotDays:     chain.DefaultSnapshotDays,
		MaxBody:          DefaultMaxBody,
		RequestTimeout:   DefaultRequestTimeout,
	}
}

// CoreConfig returns the chain core's settings these protocol settings imply: the snapshot
// schedule and the clock.
func (c Config) CoreConfig() chain.Config {
	p := chain.DefaultSnapshotPolicy()
	if c.SnapshotVersions > 0 {
		p.Versions = c.SnapshotVersions
	}
	if c.SnapshotDays > 0 {
		p.Days = c.SnapshotDays
	}
	return chain.Config{Snapshots: p, Now: c.Now}
}

func (c Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}
