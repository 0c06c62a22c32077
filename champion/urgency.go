package champion

import (
	"time"

	"github.com/taskgate/taskgate/store"
)

// Urgency is how strongly the server asks the client for a snapshot after add-version.
type Urgency int

// Urgency levels, ordered.
const (
	UrgencyNone Urgency = iota
	UrgencyLow
	UrgencyHigh
)

// Header returns the X-Snapshot-Request value, or "" for none.
func (u Urgency) Header() string {
	switch u {
	case UrgencyLow:
		return "urgency=low"
	case UrgencyHigh:
		return "urgency=high"
	}
	return ""
}

// SnapshotUrgency applies the reference rule to the chain as it was before a new version: no
// snapshot is High; otherwise the larger of the age-in-whole-days and versions-since levels.
func SnapshotUrgency(ch store.Chain, cfg Config, now time.Time) Urgency {
	if ch.Snapshot == nil {
		return UrgencyHigh
	}
	days := int64(now.Sub(ch.Snapshot.CreatedAt) / (24 * time.Hour))
	byDays := threshold(days, int64(cfg.SnapshotDays))
	byVersions := threshold(ch.Snapshot.VersionsSince, int64(cfg.SnapshotVersions))
	return max(byDays, byVersions)
}

func threshold(n, limit int64) Urgency {
	switch {
	case n >= limit*3/2:
		return UrgencyHigh
	case n >= limit:
		return UrgencyLow
	}
	return UrgencyNone
}
