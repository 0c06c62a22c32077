package taskdsync_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
	"github.com/taskgate/taskgate/taskd"
)

// readThenWrite is a store that runs between after the first read a preparation makes without
// the lock and before that preparation takes the lock (after the first races reads when races
// is set), and counts the transactions that take the lock.
type readThenWrite struct {
	engine
	between func()
	races   int32
	reads   atomic.Int32
	updates atomic.Int32
}

func (s *readThenWrite) ChainRead(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	err := s.engine.(chain.Reader).ChainRead(ctx, accountID, fn)
	if s.reads.Add(1) <= max(s.races, 1) {
		s.between()
	}
	return err
}

func (s *readThenWrite) ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	s.updates.Add(1)
	return s.engine.ChainUpdate(ctx, accountID, fn)
}

// upload returns n new 2.x task lines.
func upload(n int) [][]byte {
	lines := make([][]byte, n)
	for i := range lines {
		lines[i] = []byte(line(uuid.New(), i%3600, fmt.Sprintf(`,"estimate":"%d"`, i)))
	}
	return lines
}

// raced syncs lines into h's account through a service whose store runs between after the
// preparation's read, and returns the response and the transactions that took the lock.
func raced(t *testing.T, h *household, lines [][]byte, between func()) (taskd.SyncResponse, int32) {
	t.Helper()
	st := &readThenWrite{engine: h.st, between: between}
	svc := taskdsync.New(h.st, chain.New(st, h.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy()}), zap.NewNop())
	a, err := svc.Authenticate(t.Context(), h.cred)
	require.NoError(t, err)
	resp, err := svc.Sync(t.Context(), a, taskd.SyncRequest{Client: "task 2.6.2", Tasks: lines})
	require.NoError(t, err)
	return resp, st.updates.Load()
}

// TestPreparedSyncAppendsOnce: a large upload is prepared without the lock and appended in one
// transaction under it, and its answer is the one a sync under the lock gives.
func TestPreparedSyncAppendsOnce(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		h := newHousehold(t, st, zap.NewNop())
		first := h.sync("", line(uuid.New(), 0, ""))
		resp, updates := raced(t, h, upload(taskdsync.DefaultPrepareFrom), func() {})
		require.EqualValues(t, 1, updates, "prepared, then appended under the lock once")
		require.Len(t, resp.Tasks, 1, "a first sync gets the task it did not upload")
		again := h.sync(first.Key)
		require.Len(t, again.Tasks, taskdsync.DefaultPrepareFrom, "the other device gets every uploaded task")
		require.Equal(t, resp.Key, again.Key)
	})
}

// TestPreparedSyncLosesRace: another sync of the same account appends between the preparation's
// read and its lock. The preparation is stale, nothing of it is written, and the sync is
// prepared again on the account as it now stands: one chain, both syncs' tasks, and an answer
// that includes the other's.
func TestPreparedSyncLosesRace(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		h := newHousehold(t, st, zap.NewNop())
		other := uuid.New()
		resp, updates := raced(t, h, upload(taskdsync.DefaultPrepareFrom), func() {
			h.sync("", line(other, 0, ""))
		})
		require.EqualValues(t, 2, updates, "the stale preparation, then the one prepared again")
		require.Len(t, resp.Tasks, 1, "the racing sync's task")
		require.Contains(t, string(resp.Tasks[0]), other.String())
		ch, err := st.ChainGet(t.Context(), h.acct.ID)
		require.NoError(t, err)
		require.EqualValues(t, 2, ch.LatestSeq, "the racing version, then the upload's")
		require.Equal(t, resp.Key, ch.Latest.String())
		all := h.sync("")
		require.Len(t, all.Tasks, taskdsync.DefaultPrepareFrom+1)
	})
}

// TestPreparedSyncSeesNewUDATypes: the account's UDA types change (without a version) between
// the preparation's read and its lock; the upload is prepared again with them.
func TestPreparedSyncSeesNewUDATypes(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		h := newHousehold(t, st, zap.NewNop())
		_, updates := raced(t, h, upload(taskdsync.DefaultPrepareFrom), func() {
			require.NoError(t, st.ChainUpdate(t.Context(), h.acct.ID, func(ctx context.Context, tx store.ChainTx) error {
				ptx, _, err := tx.Plaintext(ctx)
				if err != nil {
					return err
				}
				return ptx.UDATypesPut(ctx, map[string]string{"estimate": "numeric"})
			}))
		})
		require.EqualValues(t, 2, updates, "the stale preparation, then the one prepared again")
		ch, err := st.ChainGet(t.Context(), h.acct.ID)
		require.NoError(t, err)
		require.EqualValues(t, 1, ch.LatestSeq)
	})
}

// TestPreparedSyncWhenAlwaysStale: when another sync of the account appends during each of its
// preparations, a sync is prepared three times and then done under the lock; except a large
// upload where the chain lock holds every account (SQLite), which is refused with 420 and a text
// that says why, with nothing written: doing it under the lock would hold every account's
// writes for as long as its parse, merge and seal take.
func TestPreparedSyncWhenAlwaysStale(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		for _, tc := range []struct {
			name    string
			upload  [][]byte
			refused bool
		}{
			{"FirstSync", upload(1), false}, // prepared only for being a first sync
			{"LargeUpload", upload(taskdsync.DefaultPrepareFrom), st.LockIsShared()},
		} {
			h := newHousehold(t, st, zap.NewNop())
			racer := &readThenWrite{engine: h.st, races: 100, between: func() { h.sync("", line(uuid.New(), 0, "")) }}
			spill := t.TempDir()
			svc := taskdsync.New(h.st, chain.New(racer, h.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy(), SpillDir: spill}), zap.NewNop())
			a, err := svc.Authenticate(t.Context(), h.cred)
			require.NoError(t, err)
			resp, err := svc.Sync(t.Context(), a, taskd.SyncRequest{Client: "task 2.6.2", Tasks: tc.upload})
			require.EqualValues(t, 3, racer.reads.Load(), "%s: prepared three times", tc.name)
			require.Empty(t, openFilesIn(t, spill), tc.name)
			if !tc.refused {
				require.NoError(t, err, tc.name)
				require.EqualValues(t, 4, racer.updates.Load(), "%s: three stale appends, then the sync under the lock", tc.name)
				require.Len(t, resp.Tasks, 3, "%s: the racing syncs' tasks", tc.name)
				require.Len(t, h.all(), 3+len(tc.upload), tc.name)
				continue
			}
			var se *taskd.StatusError
			require.ErrorAs(t, err, &se, tc.name)
			require.Equal(t, taskd.StatusUnavailable, se.Code)
			require.Equal(t, "Server busy: the account changed while this sync was prepared; try again", se.Status)
			require.EqualValues(t, 3, racer.updates.Load(), "three stale appends, and no sync under the lock")
			ch, err := st.ChainGet(t.Context(), h.acct.ID)
			require.NoError(t, err)
			require.EqualValues(t, 3, ch.LatestSeq, "the three racing syncs' versions only")
			require.Len(t, h.all(), 3)
		}
	})
}

// TestPreparedSyncsOfOneAccountRace: large uploads of one account from several devices at once
// take turns (none is refused for the others having moved the account), and make one
// consistent chain that holds every task.
func TestPreparedSyncsOfOneAccountRace(t *testing.T) {
	t.Parallel()
	const devices = 4
	testengines.Each(t, func(t *testing.T, st engine) {
		h := newHousehold(t, st, zap.NewNop())
		a, err := h.svc.Authenticate(t.Context(), h.cred)
		require.NoError(t, err)
		errs := make(chan error, devices)
		for range devices {
			go func() {
				_, err := h.svc.Sync(t.Context(), a, taskd.SyncRequest{Client: "task 2.6.2", Tasks: upload(taskdsync.DefaultPrepareFrom)})
				errs <- err
			}()
		}
		for range devices {
			require.NoError(t, <-errs)
		}
		ch, err := st.ChainGet(t.Context(), h.acct.ID)
		require.NoError(t, err)
		require.EqualValues(t, devices, ch.LatestSeq, "one version per upload")
		require.Len(t, h.sync("").Tasks, devices*taskdsync.DefaultPrepareFrom)
	})
}
