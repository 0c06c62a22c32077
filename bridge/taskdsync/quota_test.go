package taskdsync_test

import (
	"context"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
	"github.com/taskgate/taskgate/taskd"
)

// quotaObserver records the refusals a service reports.
type quotaObserver struct{ refused []string }

func (o *quotaObserver) ObserveSync(int, time.Duration) {}

func (o *quotaObserver) ObserveRefusal(protocol, limit string) {
	o.refused = append(o.refused, protocol+"/"+limit)
}

func TestUploadOverQuotaIs504AndWritesNothing(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		ctx := context.Background()
		h := newHousehold(t, st, zaptest.NewLogger(t))
		core := chain.New(st, h.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy(), Quota: store.Quota{Versions: 1}})
		h.svc = taskdsync.New(st, core, zaptest.NewLogger(t))
		obs := &quotaObserver{}
		h.svc.SetObserver(obs)

		first := h.sync("", line(uuid.New(), 1, ""))
		require.Equal(t, taskd.StatusOK, first.Code)

		se := h.refused(first.Key, line(uuid.New(), 2, ""))
		require.Equal(t, taskd.StatusRequestTooBig, se.Code)
		require.Equal(t, "account quota exceeded: the limit is 1 versions and the account holds 1; "+
			"ask the server's administrator to raise it", se.Status)
		require.Equal(t, []string{"taskd/quota_versions"}, obs.refused)

		ch, err := st.ChainGet(ctx, h.acct.ID)
		require.NoError(t, err)
		require.Equal(t, first.Key, ch.Latest.String(), "nothing was written")
		require.Equal(t, taskd.StatusNoChange, h.sync(first.Key).Code, "a sync that uploads nothing still works")
	})
}

// TestSyncPastSpillLimitIs420AndWritesNothing: a large sync whose temporary file would take the
// server's temporary space past its limit is answered 420 with a status text that names it,
// counted, and writes nothing; it is refused once, not tried again under the lock, and leaves no
// file. The same upload syncs once the limit allows it.
func TestSyncPastSpillLimitIs420AndWritesNothing(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		h := newHousehold(t, st, zaptest.NewLogger(t))
		dir := t.TempDir()
		locks := &lockCounter{engine: st}
		core := chain.New(locks, h.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy(), SpillDir: dir, SpillLimit: 4 << 10})
		h.svc = taskdsync.New(st, core, zaptest.NewLogger(t))
		obs := &quotaObserver{}
		h.svc.SetObserver(obs)
		var lines []string
		for i := range 100 {
			lines = append(lines, line(uuid.New(), i%60, ""))
		}

		se := h.refused("", lines...)
		require.Equal(t, taskd.StatusUnavailable, se.Code)
		require.Equal(t, "Server busy: the server's temporary space for large syncs is full "+
			"(the limit is 4096 bytes at once); try again in a moment", se.Status)
		require.Equal(t, []string{"taskd/spill_bytes"}, obs.refused)
		require.Zero(t, locks.updates.Load(), "refused as prepared, not tried again under the lock")
		require.Empty(t, h.all(), "nothing was written")
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		require.Empty(t, entries)

		h.svc = taskdsync.New(st, chain.New(st, h.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy(), SpillDir: dir}), zaptest.NewLogger(t))
		require.Equal(t, taskd.StatusOK, h.sync("", lines...).Code)
		require.Len(t, h.all(), len(lines))
	})
}

// lockCounter is a store that counts the transactions taken under a chain lock.
type lockCounter struct {
	engine
	updates atomic.Int32
}

func (c *lockCounter) ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	c.updates.Add(1)
	return c.engine.ChainUpdate(ctx, accountID, fn)
}

func (c *lockCounter) ChainRead(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	return c.engine.(chain.Reader).ChainRead(ctx, accountID, fn)
}
