package chain_test

import (
	"context"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
)

// prepare prepares, on a read of the account without the lock, a batch of one version per
// entry of creates, each creating that many new tasks.
func prepare(t *testing.T, core *chain.Core, accountID int64, creates ...int) *chain.Batch {
	t.Helper()
	var b *chain.Batch
	ok, err := core.ReadPlaintext(t.Context(), accountID, func(ctx context.Context, p *chain.Plaintext) error {
		b = p.NewBatch(0)
		for _, n := range creates {
			changed, err := b.Add(ctx, prepareOps(n), nil)
			if err != nil {
				return err
			}
			require.Len(t, changed, n)
		}
		return b.Finish(ctx)
	})
	require.True(t, ok, "both engines read without the lock")
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, b.Close()) })
	return b
}

// prepareOps returns operations that create n new tasks.
func prepareOps(n int) []codec.Op {
	ops := make([]codec.Op, 0, n)
	for range n {
		ops = append(ops, codec.Op{Kind: codec.OpCreate, UUID: uuid.New()})
	}
	return ops
}

// appendBatch appends b under the lock.
func appendBatch(t *testing.T, core *chain.Core, accountID int64, b *chain.Batch) error {
	t.Helper()
	return core.UpdatePlaintext(t.Context(), accountID, func(ctx context.Context, p *chain.Plaintext) error {
		_, err := p.AppendBatch(ctx, b)
		return err
	})
}

// chainAsClient walks the account's chain as a TaskChampion client does, from the start, and
// returns the number of operations of each version; every version opens with the account's key
// for its parent.
func chainAsClient(t *testing.T, a *account) []int {
	t.Helper()
	var sizes []int
	parent := store.NilVersion
	for {
		rec := a.do(http.MethodGet, "/v1/client/get-child-version/"+parent.String(), "", nil)
		if rec.Code == http.StatusNotFound {
			return sizes
		}
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		require.Equal(t, parent.String(), rec.Header().Get(champion.HeaderParentVersionID))
		ops, err := codec.OpenSegment(a.key, parent, rec.Body.Bytes())
		require.NoError(t, err)
		sizes = append(sizes, len(ops))
		parent = uuid.MustParse(rec.Header().Get(champion.HeaderVersionID))
	}
}

// TestAppendBatch: a batch prepared without the lock is appended as a chain of versions a client
// reads one after the other, with the server's snapshot made at its last version, while the
// chain stands where it was read; once another version moved the head it is ErrStale, and
// nothing of it is written. Its temporary file is gone from the start.
func TestAppendBatch(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zap.NewNop())
		dir := t.TempDir()
		core := chain.New(st, a.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy(), SpillDir: dir})
		first := prepare(t, core, a.id, 2, 1, 3)
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		require.Empty(t, entries, "the spill file is unlinked as soon as it is created")
		require.Equal(t, 3, first.Versions())
		require.NoError(t, appendBatch(t, core, a.id, first))
		require.Equal(t, []int{2, 1, 3}, chainAsClient(t, a))
		snap, _, err := st.SnapshotGet(t.Context(), a.id)
		require.NoError(t, err)
		require.EqualValues(t, 3, snap.Seq, "the prepared snapshot, at the last version")
		require.Equal(t, first.Last(), snap.VersionID)
		created, err := st.TasksAll(t.Context(), a.id)
		require.NoError(t, err)
		require.Len(t, created, 6)
		inSnapshot := storedSnapshot(t, a)
		require.Len(t, inSnapshot, len(created), "the snapshot holds the batch's tasks")
		for _, task := range created {
			require.Contains(t, inSnapshot, task.UUID)
		}

		stale := prepare(t, core, a.id, 1, 1)
		a.mustAdd(snap.VersionID, codec.Op{Kind: codec.OpCreate, UUID: uuid.New()})
		require.ErrorIs(t, appendBatch(t, core, a.id, stale), chain.ErrStale)
		tasks, err := st.TasksAll(t.Context(), a.id)
		require.NoError(t, err)
		require.Len(t, tasks, 7, "the first batch's tasks and the other version's")
		fresh := prepare(t, core, a.id, 1, 1)
		require.NoError(t, appendBatch(t, core, a.id, fresh))
		tasks, err = st.TasksAll(t.Context(), a.id)
		require.NoError(t, err)
		require.Len(t, tasks, 9)
		require.Equal(t, []int{2, 1, 3, 1, 1, 1}, chainAsClient(t, a))
	})
}

// storedSnapshot opens the account's stored snapshot with its key.
func storedSnapshot(t *testing.T, a *account) codec.Tasks {
	t.Helper()
	meta, sealed, err := a.st.SnapshotGet(t.Context(), a.id)
	require.NoError(t, err)
	tasks, err := codec.OpenSnapshot(a.key, meta.VersionID, sealed)
	require.NoError(t, err)
	return tasks
}

// TestBatchSnapshotOverStoredTasks: the snapshot a batch prepares holds the tasks stored before
// it, with the batch's states over those it changes, and the tasks it creates.
func TestBatchSnapshotOverStoredTasks(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zap.NewNop())
		changed, kept, created := uuid.New(), uuid.New(), uuid.New()
		now := time.Now()
		a.mustAdd(store.NilVersion, codec.Create(changed), codec.Set(changed, "description", "stored", now),
			codec.Create(kept), codec.Set(kept, "description", "kept", now))
		core := chain.New(st, a.master, chain.Config{Snapshots: chain.SnapshotPolicy{Versions: 1, Days: 14}})
		var b *chain.Batch
		_, err := core.ReadPlaintext(t.Context(), a.id, func(ctx context.Context, p *chain.Plaintext) error {
			b = p.NewBatch(2)
			for _, ops := range [][]codec.Op{{codec.Create(created)}, {codec.Set(changed, "description", "batch", now.Add(time.Minute))}} {
				if _, err := b.Add(ctx, ops, nil); err != nil {
					return err
				}
			}
			return b.Finish(ctx)
		})
		require.NoError(t, err)
		t.Cleanup(func() { require.NoError(t, b.Close()) })
		require.True(t, b.HasSnapshot(), "a snapshot is due at the batch's last version")
		require.NoError(t, appendBatch(t, core, a.id, b))
		meta, _, err := st.SnapshotGet(t.Context(), a.id)
		require.NoError(t, err)
		require.Equal(t, b.Last(), meta.VersionID)
		tasks := storedSnapshot(t, a)
		require.Len(t, tasks, 3)
		require.Equal(t, "batch", tasks[changed]["description"], "the batch's state, not the stored one")
		require.Equal(t, "kept", tasks[kept]["description"])
		require.Contains(t, tasks, created)
	})
}

// TestBatchSpillsItsSnapshotOnce: once Finish has sealed a batch's snapshot, its temporary file,
// and the core's count of spilled bytes, hold the versions and the sealed snapshot, and nothing
// else: not the compressed snapshot it was sealed from.
func TestBatchSpillsItsSnapshotOnce(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zap.NewNop())
		core := chain.New(st, a.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy()})
		b := prepare(t, core, a.id, 200, 100)
		require.True(t, b.HasSnapshot())
		used := core.SpillUsed()
		require.Equal(t, b.SpilledBytes(), used)
		require.NoError(t, appendBatch(t, core, a.id, b))
		_, sealed, err := st.SnapshotGet(t.Context(), a.id)
		require.NoError(t, err)
		require.Equal(t, b.SpilledVersions()+int64(len(sealed)), used)
		require.NoError(t, b.Close())
		require.Zero(t, core.SpillUsed())
	})
}

// TestAppendBatchQuotaCountsEveryVersion: a batch that would take the account past its quota of
// versions only with its later versions is refused whole.
func TestAppendBatchQuotaCountsEveryVersion(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zap.NewNop())
		core := chain.New(st, a.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy(), Quota: store.Quota{Versions: 2}})
		var qe *chain.QuotaError
		require.ErrorAs(t, appendBatch(t, core, a.id, prepare(t, core, a.id, 1, 1, 1)), &qe)
		require.Empty(t, chainAsClient(t, a))
		require.NoError(t, appendBatch(t, core, a.id, prepare(t, core, a.id, 1, 1)))
		require.Equal(t, []int{1, 1}, chainAsClient(t, a))
	})
}

// TestBatchRefusesATaskInTwoVersions: each version is applied to the state read, so a task
// changed by two versions of one batch is an error.
func TestBatchRefusesATaskInTwoVersions(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zap.NewNop())
		id := uuid.New()
		_, err := a.core(t).ReadPlaintext(t.Context(), a.id, func(ctx context.Context, p *chain.Plaintext) error {
			b := p.NewBatch(2)
			defer func() { _ = b.Close() }()
			for range 2 {
				if _, err := b.Add(ctx, []codec.Op{{Kind: codec.OpCreate, UUID: id}}, nil); err != nil {
					return err
				}
			}
			return b.Finish(ctx)
		})
		require.ErrorContains(t, err, "in two versions")
	})
}

// TestBatchSpillLimit: the temporary files of a core's batches hold at most its SpillLimit
// together. A batch that would go past it fails with a SpillLimitError naming the limit, and
// every batch gives its space back when it is closed, refused or not.
func TestBatchSpillLimit(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zap.NewNop())
		cfg := chain.Config{Snapshots: chain.DefaultSnapshotPolicy()}
		size := prepare(t, chain.New(st, a.master, cfg), a.id, 50).SpilledBytes()
		require.Positive(t, size)
		cfg.SpillLimit = size + size/2
		core := chain.New(st, a.master, cfg)

		held := prepare(t, core, a.id, 50) // about size: the compressed snapshot varies a little
		require.Equal(t, held.SpilledBytes(), core.SpillUsed())
		_, err := core.ReadPlaintext(t.Context(), a.id, func(ctx context.Context, p *chain.Plaintext) error {
			b := p.NewBatch(50)
			defer func() { require.NoError(t, b.Close()) }()
			for range 50 {
				if _, err := b.Add(ctx, []codec.Op{{Kind: codec.OpCreate, UUID: uuid.New()}}, nil); err != nil {
					return err
				}
			}
			return b.Finish(ctx)
		})
		var full *chain.SpillLimitError
		require.ErrorAs(t, err, &full)
		require.Equal(t, cfg.SpillLimit, full.Limit)
		require.False(t, full.Alone, "it fits once the held batch is closed")
		require.Equal(t, held.SpilledBytes(), core.SpillUsed(), "the refused batch gave back what it held")

		require.NoError(t, held.Close())
		require.Zero(t, core.SpillUsed())
		again := prepare(t, core, a.id, 50)
		require.NoError(t, appendBatch(t, core, a.id, again))
		require.NoError(t, again.Close())
		require.Zero(t, core.SpillUsed())
		require.Equal(t, []int{50}, chainAsClient(t, a))

		cfg.SpillLimit = size / 2
		small := chain.New(st, a.master, cfg)
		_, err = small.ReadPlaintext(t.Context(), a.id, func(ctx context.Context, p *chain.Plaintext) error {
			b := p.NewBatch(50)
			defer func() { require.NoError(t, b.Close()) }()
			_, err := b.Add(ctx, prepareOps(50), nil)
			return err
		})
		require.ErrorAs(t, err, &full)
		require.True(t, full.Alone, "a batch larger than the limit by itself never fits")
		require.Zero(t, small.SpillUsed())
	})
}
