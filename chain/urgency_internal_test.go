package chain

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

func TestSnapshotUrgencyRule(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 30, 0, 0, 0, 0, time.UTC)
	policy := DefaultSnapshotPolicy()
	snap := func(days int, since int64) store.Chain {
		return store.Chain{Snapshot: &store.SnapshotMeta{CreatedAt: now.Add(-time.Duration(days) * 24 * time.Hour), VersionsSince: since}}
	}
	tests := []struct {
		name  string
		chain store.Chain
		want  Urgency
	}{
		{"NoSnapshot", store.Chain{}, UrgencyHigh},
		{"Fresh", snap(0, 0), UrgencyNone},
		{"Days13", snap(13, 0), UrgencyNone},
		{"Days14", snap(14, 0), UrgencyLow},
		{"Days21", snap(21, 0), UrgencyHigh},
		{"Versions99", snap(0, 99), UrgencyNone},
		{"Versions100", snap(0, 100), UrgencyLow},
		{"Versions150", snap(0, 150), UrgencyHigh},
		{"MaxOfBoth", snap(14, 150), UrgencyHigh},
	}
	for _, tt := range tests {
		require.Equalf(t, tt.want, policy.Urgency(tt.chain, now), tt.name)
	}
}
