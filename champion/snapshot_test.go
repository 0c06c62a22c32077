package champion_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion"
)

func TestSnapshotAcceptance(t *testing.T) {
	t.Parallel()
	forEachStore(t, func(t *testing.T, st testStore) {
		h := newHarness(t, st, nil)
		stored := func(client uuid.UUID) (uuid.UUID, string) {
			rec := h.getSnapshot(client)
			if rec.Code == http.StatusNotFound {
				return uuid.Nil, ""
			}
			require.Equal(t, http.StatusOK, rec.Code)
			require.Equal(t, champion.ContentTypeSnapshot, rec.Header().Get("Content-Type"))
			return uuid.MustParse(rec.Header().Get(champion.HeaderVersionID)), rec.Body.String()
		}
		t.Run("Latest", func(t *testing.T) {
			client, ids := h.chain(3)
			require.Equal(t, http.StatusOK, h.addSnapshot(client, ids[2], "snap").Code)
			v, data := stored(client)
			require.Equal(t, ids[2], v)
			require.Equal(t, "snap", data)
		})
		t.Run("WindowOfFive", func(t *testing.T) {
			client, ids := h.chain(10)
			require.Equal(t, http.StatusOK, h.addSnapshot(client, ids[4], "too old").Code)
			v, _ := stored(client)
			require.Equal(t, uuid.Nil, v, "latest minus 5 is outside the window")
			require.Equal(t, http.StatusOK, h.addSnapshot(client, ids[5], "oldest allowed").Code)
			v, _ = stored(client)
			require.Equal(t, ids[5], v)
		})
		t.Run("NewerExists", func(t *testing.T) {
			client, ids := h.chain(3)
			require.Equal(t, http.StatusOK, h.addSnapshot(client, ids[2], "new").Code)
			require.Equal(t, http.StatusOK, h.addSnapshot(client, ids[0], "old").Code)
			v, data := stored(client)
			require.Equal(t, ids[2], v)
			require.Equal(t, "new", data)
		})
		t.Run("NilAndUnknownIgnored", func(t *testing.T) {
			client, _ := h.chain(1)
			require.Equal(t, http.StatusOK, h.addSnapshot(client, uuid.Nil, "nil").Code)
			require.Equal(t, http.StatusOK, h.addSnapshot(client, uuid.New(), "unknown").Code)
			v, _ := stored(client)
			require.Equal(t, uuid.Nil, v)
		})
	})
}

// TestSnapshotUrgency pins the thresholds: Low at SnapshotVersions versions after the snapshot,
// High at 1.5 times; Low at SnapshotDays days of age, High at 1.5 times.
func TestSnapshotUrgency(t *testing.T) {
	t.Parallel()
	forEachStore(t, func(t *testing.T, st testStore) {
		h := newHarness(t, st, func(c *champion.Config) { c.SnapshotVersions, c.SnapshotDays = 4, 10 })
		urgency := func(client, parent uuid.UUID) (uuid.UUID, string) {
			rec := h.addVersion(client, parent, "v")
			require.Equal(t, http.StatusOK, rec.Code)
			return uuid.MustParse(rec.Header().Get(champion.HeaderVersionID)), rec.Header().Get(champion.HeaderSnapshotRequest)
		}
		t.Run("ByVersions", func(t *testing.T) {
			client, ids := h.chain(1)
			require.Equal(t, http.StatusOK, h.addSnapshot(client, ids[0], "s").Code)
			parent := ids[0]
			want := []string{"", "", "", "", "urgency=low", "urgency=low", "urgency=high", "urgency=high"}
			for i, w := range want {
				var got string
				parent, got = urgency(client, parent)
				require.Equalf(t, w, got, "version %d after the snapshot", i+1)
			}
		})
		t.Run("ByDays", func(t *testing.T) {
			start := h.now
			for _, tc := range []struct {
				age  time.Duration
				want string
			}{{0, ""}, {9*24*time.Hour + 23*time.Hour, ""}, {10 * 24 * time.Hour, "urgency=low"}, {15 * 24 * time.Hour, "urgency=high"}} {
				client, ids := h.chain(1)
				require.Equal(t, http.StatusOK, h.addSnapshot(client, ids[0], "s").Code)
				h.now = start.Add(tc.age)
				_, got := urgency(client, ids[0])
				require.Equalf(t, tc.want, got, "age %s", tc.age)
				h.now = start
			}
		})
	})
}
