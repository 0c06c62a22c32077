package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testTaskHistory covers the task history TasksPut keeps and TasksAt reads, and the in-transaction
// TasksChangedSince.
func testTaskHistory(t *testing.T, setup setupFunc) {
	t.Run("TasksAt", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTasksAt(t, b)
	})

	t.Run("SameSeqReplaces", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testHistorySameSeq(t, b)
	})

	t.Run("EmptyAndUnknown", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
		require.Empty(t, b.tasksAt(t, a.ID, nil, 5))
		require.NoError(t, b.putTasks(a.ID, testTask(1, 1)))
		require.Empty(t, b.tasksAt(t, a.ID, []uuid.UUID{}, 5))
		require.Empty(t, b.tasksAt(t, a.ID, []uuid.UUID{uuid.New()}, 5))
	})

	t.Run("PerAccount", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a1 := b.createAccount(t, "a1", store.ModePlaintext, uuid.New())
		a2 := b.createAccount(t, "a2", store.ModePlaintext, uuid.New())
		mine, theirs := testTask(1, 3), testTask(1, 1)
		theirs.Data = []byte(`{"description":"someone else's"}`)
		require.NoError(t, b.putTasks(a1.ID, mine))
		require.NoError(t, b.putTasks(a2.ID, theirs))
		ids := []uuid.UUID{mine.UUID}
		require.Empty(t, b.tasksAt(t, a1.ID, ids, 2), "another account's history leaked in")
		require.Equal(t, map[uuid.UUID]store.TaskState{mine.UUID: theirs}, b.tasksAt(t, a2.ID, ids, 2))
	})

	t.Run("TxSeesOwnHistory", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTxSeesOwnHistory(t, b)
	})

	t.Run("RollbackDiscardsHistory", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
		task := testTask(1, 1)
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			require.NoError(t, plaintextTx(t, ctx, tx).TasksPut(ctx, []store.TaskState{task}))
			return errBoom
		})
		require.ErrorIs(t, err, errBoom)
		require.Empty(t, b.tasksAt(t, a.ID, []uuid.UUID{task.UUID}, 1))
	})

	t.Run("ChangedSinceInTx", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testChangedSinceInTx(t, b)
	})
	t.Run("EachReadsOneAtATime", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTasksEach(t, b)
	})

	t.Run("EncryptedAccountRefuses", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "bob", store.ModeEncrypted, uuid.New())
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			_, err := schemaOnly(t, ctx, tx).TasksAt(ctx, []uuid.UUID{uuid.New()}, 1)
			require.ErrorIs(t, err, store.ErrNotPlaintext)
			_, err = schemaOnly(t, ctx, tx).TasksChangedSince(ctx, 0)
			require.ErrorIs(t, err, store.ErrNotPlaintext)
			return nil
		})
		require.NoError(t, err)
	})
}

// testTasksAt writes one task's life (created at 2, changed at 4, deleted at 6) and a second task
// created at 3, one version at a time, and reads the states at every position around them.
func testTasksAt(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	created, changed, deleted, other := testTask(1, 2), testTask(1, 4), testTask(1, 6), testTask(2, 3)
	changed.Data = []byte(`{"description":"changed","status":"pending"}`)
	deleted.Data, deleted.Deleted = []byte("{}"), true
	for _, task := range []store.TaskState{created, other, changed, deleted} {
		require.NoError(t, b.putTasks(a.ID, task))
	}
	ids := []uuid.UUID{created.UUID, other.UUID, uuid.New()}
	want := []map[uuid.UUID]store.TaskState{
		{}, {}, // absent before creation
		{created.UUID: created},
		{created.UUID: created, other.UUID: other},
		{created.UUID: changed, other.UUID: other},
		{created.UUID: changed, other.UUID: other},
		{created.UUID: deleted, other.UUID: other},
		{created.UUID: deleted, other.UUID: other},
		{created.UUID: deleted, other.UUID: other},
	}
	for seq, w := range want {
		require.Equal(t, w, b.tasksAt(t, a.ID, ids, int64(seq)), "TasksAt(%d)", seq)
	}
	b.requireTasks(t, a.ID, deleted, other)
}

// testHistorySameSeq checks that a second write at the same seq replaces the history row, and
// that only the last state of a uuid in one TasksPut reaches the history, as it does the task.
func testHistorySameSeq(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	first, again := testTask(1, 2), testTask(1, 2)
	again.Data = []byte(`{"description":"again"}`)
	require.NoError(t, b.putTasks(a.ID, first))
	require.NoError(t, b.putTasks(a.ID, again))
	ids := []uuid.UUID{first.UUID}
	require.Equal(t, map[uuid.UUID]store.TaskState{first.UUID: again}, b.tasksAt(t, a.ID, ids, 2))

	skipped, last := testTask(1, 4), testTask(1, 5)
	skipped.Data = []byte(`{"description":"skipped"}`)
	require.NoError(t, b.putTasks(a.ID, skipped, last))
	require.Equal(t, map[uuid.UUID]store.TaskState{first.UUID: again}, b.tasksAt(t, a.ID, ids, 4),
		"an earlier state of the same call must not reach the history")
	require.Equal(t, map[uuid.UUID]store.TaskState{first.UUID: last}, b.tasksAt(t, a.ID, ids, 5))
	b.requireTasks(t, a.ID, last)
}

// testTxSeesOwnHistory checks that TasksAt reads the history this transaction wrote, while the
// rest of the store does not see it before the commit.
func testTxSeesOwnHistory(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	old, task := testTask(1, 1), testTask(1, 2)
	require.NoError(t, b.putTasks(a.ID, old))
	ids := []uuid.UUID{task.UUID}
	err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		require.NoError(t, plaintextTx(t, ctx, tx).TasksPut(ctx, []store.TaskState{task}))
		got, err := plaintextTx(t, ctx, tx).TasksAt(ctx, ids, 2)
		require.NoError(t, err)
		require.Equal(t, map[uuid.UUID]store.TaskState{task.UUID: task}, got)
		got, err = plaintextTx(t, ctx, tx).TasksAt(ctx, ids, 1)
		require.NoError(t, err)
		require.Equal(t, map[uuid.UUID]store.TaskState{task.UUID: old}, got)
		outside, err := b.e.TasksChangedSince(b.ctx, a.ID, 1)
		require.NoError(t, err)
		require.Empty(t, outside, "uncommitted tasks are visible outside their transaction")
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, map[uuid.UUID]store.TaskState{task.UUID: task}, b.tasksAt(t, a.ID, ids, 2))
}

// testChangedSinceInTx checks that the in-transaction TasksChangedSince sees the transaction's
// own writes, in seq-then-uuid order, and answers like the lock-free one once committed.
func testChangedSinceInTx(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	require.NoError(t, b.putTasks(a.ID, testTask(1, 1), testTask(2, 2)))
	late, early := testTask(3, 3), testTask(4, 3)
	var inTx [][]store.TaskState
	err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		require.NoError(t, plaintextTx(t, ctx, tx).TasksPut(ctx, []store.TaskState{late, early}))
		for since := int64(0); since <= 3; since++ {
			got, err := plaintextTx(t, ctx, tx).TasksChangedSince(ctx, since)
			require.NoError(t, err)
			require.NotNil(t, got)
			inTx = append(inTx, got)
		}
		return nil
	})
	require.NoError(t, err)
	require.Len(t, inTx[2], 2, "TasksChangedSince(2) in the transaction misses its own writes")
	require.Equal(t, sortedByUUID([]store.TaskState{late, early}), inTx[2])
	require.Empty(t, inTx[3])
	for since, got := range inTx {
		want, err := b.e.TasksChangedSince(b.ctx, a.ID, int64(since))
		require.NoError(t, err)
		require.Equal(t, want, got, "TasksChangedSince(%d) in the transaction", since)
	}
}

// tasksAt reads TasksAt under the account's lock.
func (b *testBundle) tasksAt(t *testing.T, accountID int64, ids []uuid.UUID, seq int64) map[uuid.UUID]store.TaskState {
	t.Helper()
	var got map[uuid.UUID]store.TaskState
	err := b.e.ChainUpdate(b.ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		ptx := plaintextTx(t, ctx, tx)
		var err error
		if got, err = ptx.TasksAt(ctx, ids, seq); err != nil {
			return err
		}
		current, err := ptx.TasksGet(ctx, ids)
		require.NoError(t, err)
		cur, base, err := ptx.TasksGetWithBase(ctx, ids, seq)
		require.NoError(t, err)
		require.Equal(t, got, base, "TasksGetWithBase's base is TasksAt")
		require.Equal(t, current, cur, "TasksGetWithBase's current is TasksGet")
		return nil
	})
	require.NoError(t, err)
	require.NotNil(t, got)
	return got
}

// testTasksEach checks that TasksEach and TasksChangedSinceEach give, one at a time, what
// TasksAll and TasksChangedSince give, and that fn's error stops the read and is returned.
func testTasksEach(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	require.NoError(t, b.putTasks(a.ID, testTask(1, 1), testTask(2, 2), testTask(3, 2)))
	stop := errors.New("stop")
	err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		ptx := plaintextTx(t, ctx, tx)
		var each, changed []store.TaskState
		require.NoError(t, ptx.TasksEach(ctx, func(st store.TaskState) error { each = append(each, st); return nil }))
		all, err := ptx.TasksAll(ctx)
		require.NoError(t, err)
		require.Equal(t, all, each)
		require.NoError(t, ptx.TasksChangedSinceEach(ctx, 1, func(st store.TaskState) error { changed = append(changed, st); return nil }))
		since, err := ptx.TasksChangedSince(ctx, 1)
		require.NoError(t, err)
		require.Equal(t, since, changed)
		calls := 0
		err = ptx.TasksEach(ctx, func(store.TaskState) error { calls++; return stop })
		require.ErrorIs(t, err, stop)
		require.Equal(t, 1, calls)
		return nil
	})
	require.NoError(t, err)
}
