package chain

import (
	"time"

	"github.com/taskgate/taskgate/store"
)

// Urgency is how strongly a client is asked for a snapshot after a new version.
type Urgency int

// Urgency levels, ordered.
const (
	UrgencyNone Urgency = iota
	UrgencyLow
	UrgencyHigh
)

// Defaults of the snapshot schedule, those of the reference TaskChampion server.
const (
	// DefaultSnapshotVersions is the number of versions after a snapshot at which a new one is
	// due with low urgency (high at 1.5 times as many).
	DefaultSnapshotVersions = 100
	// DefaultSnapshotDays is the snapshot age in days at which a new one is due with low urgency
	// (high at 1.5 times as many).
	DefaultSnapshotDays = 14
)

// SnapshotPolicy sets when a snapshot is due: after Versions versions or Days days.
type SnapshotPolicy struct {
	Versions int
	Days     int
}

// DefaultSnapshotPolicy returns the reference server's schedule.
func DefaultSnapshotPolicy() SnapshotPolicy {
	return SnapshotPolicy{Versions: DefaultSnapshotVersions, Days: DefaultSnapshotDays}
}

// Urgency applies the reference rule to the chain as it was before a new version: no snapshot
// is High; otherwise the larger of the age-in-whole-days and versions-since levels.
func (p SnapshotPolicy) Urgency(ch store.Chain, now time.Time) Urgency {
	if ch.Snapshot == nil {
		return UrgencyHigh
	}
	days := int64(now.Sub(ch.Snapshot.CreatedAt) / (24 * time.Hour))
	byDays := threshold(days, int64(p.Days))
	byVersions := threshold(ch.Snapshot.VersionsSince, int64(p.Versions))
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
