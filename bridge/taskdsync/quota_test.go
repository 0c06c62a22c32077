package taskdsync_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion/codec"
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

// TestSyncPastSpillLimit: a large sync whose temporary file would take the server's temporary
// space past its limit is refused with a status text that names it, counted, and writes
// nothing; it is refused once, not tried again under the lock, and gives back its space. A sync
// that needs more than the limit by itself is 504 (it never fits); one that finds the space
// held by other syncs is 420, and goes through, on the same server, once they have ended.
func TestSyncPastSpillLimit(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		const limit = 64 << 10
		h := newHousehold(t, st, zaptest.NewLogger(t))
		dir := t.TempDir()
		locks := &lockCounter{engine: st}
		core := chain.New(locks, h.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy(), SpillDir: dir, SpillLimit: limit})
		h.svc = taskdsync.New(st, core, zaptest.NewLogger(t))
		obs := &quotaObserver{}
		h.svc.SetObserver(obs)
		var large []string
		for i := range 1000 {
			large = append(large, line(uuid.New(), i%60, ""))
		}

		se := h.refused("", large...)
		require.Equal(t, taskd.StatusRequestTooBig, se.Code)
		require.Equal(t, "the sync needs more temporary space than the server allows one (the limit is 65536 bytes); "+
			"ask the server's administrator to raise it", se.Status)

		held := holdSpill(t, core, h.acct.ID, limit-1024)
		small := []string{line(uuid.New(), 0, ""), line(uuid.New(), 1, "")}
		se = h.refused("", small...)
		require.Equal(t, taskd.StatusUnavailable, se.Code)
		require.Equal(t, "Server busy: the server's temporary space for large syncs is full "+
			"(the limit is 65536 bytes at once); try again in a moment", se.Status)

		require.Equal(t, []string{"taskd/spill_bytes", "taskd/spill_bytes"}, obs.refused)
		require.Zero(t, locks.updates.Load(), "refused as prepared, not tried again under the lock")
		require.Empty(t, h.all(), "nothing was written")
		require.Len(t, openFilesIn(t, dir), 1, "only the held batch's file is open")
		require.NoError(t, held.Close())
		require.Zero(t, core.SpillUsed(), "the refused syncs gave their space back")
		require.Equal(t, taskd.StatusOK, h.sync("", small...).Code)
		require.Len(t, h.all(), len(small))
	})
}

// holdSpill prepares a batch on the account through core that holds about n bytes of its
// temporary space, for the caller to close.
func holdSpill(t *testing.T, core *chain.Core, accountID int64, n int64) *chain.Batch {
	t.Helper()
	var b *chain.Batch
	_, err := core.ReadPlaintext(t.Context(), accountID, func(ctx context.Context, p *chain.Plaintext) error {
		b = p.NewBatch(0)
		for core.SpillUsed() < n {
			if _, err := b.Add(ctx, []codec.Op{{Kind: codec.OpCreate, UUID: uuid.New()}}, nil); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	return b
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
