package storetest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testTasks covers the materialized task state of plaintext accounts.
func testTasks(t *testing.T, setup setupFunc) {
	t.Run("PutGetAll", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTasksPutGetAll(t, b)
	})

	t.Run("ChangedSince", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTasksChangedSince(t, b)
	})

	t.Run("Empty", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTasksEmpty(t, b)
	})

	t.Run("ManyAtOnce", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTasksManyAtOnce(t, b)
	})

	t.Run("LastStateOfOneCallWins", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
		first, second := testTask(1, 1), testTask(1, 2)
		second.Deleted, second.Data = true, []byte("{}")
		require.NoError(t, b.putTasks(a.ID, first, second))
		all, err := b.e.TasksAll(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, []store.TaskState{second}, all)
	})

	t.Run("LargeStates", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTasksLarge(t, b)
	})

	t.Run("PerAccount", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a1 := b.createAccount(t, "a1", store.ModePlaintext, uuid.New())
		a2 := b.createAccount(t, "a2", store.ModePlaintext, uuid.New())
		task := testTask(1, 1)
		require.NoError(t, b.putTasks(a1.ID, task))
		other := testTask(1, 7)
		other.Data = []byte(`{"description":"someone else's"}`)
		require.NoError(t, b.putTasks(a2.ID, other))
		b.requireTasks(t, a1.ID, task)
		b.requireTasks(t, a2.ID, other)
	})

	t.Run("WithParent", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTasksWithParent(t, b)
	})

	t.Run("TxSeesOwnTasks", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTxSeesOwnTasks(t, b)
	})

	t.Run("RollbackDiscardsTasks", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			require.NoError(t, plaintextTx(t, ctx, tx).TasksPut(ctx, []store.TaskState{testTask(1, 1)}))
			return errBoom
		})
		require.ErrorIs(t, err, errBoom)
		b.requireTasks(t, a.ID)
	})

	t.Run("EncryptedAccountRefusesTasks", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testEncryptedRefusesTasks(t, b)
	})
}

// testTasksPutGetAll stores tasks, one of them deleted, reads them back every way, and replaces
// one.
func testTasksPutGetAll(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	gone := testTask(3, 2)
	gone.Deleted, gone.Data = true, []byte("{}")
	tasks := []store.TaskState{testTask(1, 1), testTask(2, 1), gone}
	require.NoError(t, b.putTasks(a.ID, tasks...))
	b.requireTasks(t, a.ID, tasks...)

	changed := testTask(2, 3)
	changed.Data = []byte(`{"description":"changed","status":"completed"}`)
	require.NoError(t, b.putTasks(a.ID, changed))
	b.requireTasks(t, a.ID, tasks[0], changed, gone)

	unknown := uuid.New()
	err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		got, err := plaintextTx(t, ctx, tx).TasksGet(ctx, []uuid.UUID{changed.UUID, unknown, gone.UUID})
		require.NoError(t, err)
		require.Equal(t, map[uuid.UUID]store.TaskState{changed.UUID: changed, gone.UUID: gone}, got)
		return nil
	})
	require.NoError(t, err)
}

// testTasksWithParent finds the instances of recurring tasks by their parent, in one account.
func testTasksWithParent(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	other := b.createAccount(t, "bob", store.ModePlaintext, uuid.New())
	p1, p2 := uuid.NewString(), uuid.NewString()
	child := func(n int, parent string) store.TaskState {
		task := testTask(n, 1)
		task.Data = fmt.Appendf(nil, `{"description":"instance %d","parent":%q,"status":"pending"}`, n, parent)
		return task
	}
	first, second, third := child(1, p1), child(2, p1), child(3, p2)
	gone := child(4, p1)
	gone.Deleted = true
	require.NoError(t, b.putTasks(a.ID, first, second, third, gone, testTask(5, 1)))
	require.NoError(t, b.putTasks(other.ID, child(6, p1)))
	err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		ptx := plaintextTx(t, ctx, tx)
		withParent := func(parents []string) []store.TaskState {
			var got []store.TaskState
			require.NoError(t, ptx.TasksWithParentEach(ctx, parents, func(st store.TaskState) error {
				got = append(got, st)
				return nil
			}))
			return got
		}
		require.ElementsMatch(t, []store.TaskState{first, second, gone}, withParent([]string{p1}))
		both := withParent([]string{p1, p2})
		require.Len(t, both, 4)
		require.True(t, slices.IsSortedFunc(both, func(x, y store.TaskState) int { return bytes.Compare(x.UUID[:], y.UUID[:]) }), "by uuid")
		require.Empty(t, withParent([]string{uuid.NewString()}))
		require.Empty(t, withParent(nil))
		return nil
	})
	require.NoError(t, err)
}

// testTasksChangedSince checks the seq filter and the seq-then-uuid order.
func testTasksChangedSince(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	var tasks []store.TaskState
	for i := range 9 {
		tasks = append(tasks, testTask(i, int64(3-i%3))) // seqs 3, 2, 1, 3, 2, 1, …
	}
	tasks[4].Deleted = true
	require.NoError(t, b.putTasks(a.ID, tasks...))
	for since := int64(0); since <= 3; since++ {
		var want []store.TaskState
		for _, task := range tasks {
			if task.Seq > since {
				want = append(want, task)
			}
		}
		slices.SortFunc(want, func(x, y store.TaskState) int {
			if x.Seq != y.Seq {
				return int(x.Seq - y.Seq)
			}
			return bytes.Compare(x.UUID[:], y.UUID[:])
		})
		got, err := b.e.TasksChangedSince(b.ctx, a.ID, since)
		require.NoError(t, err)
		require.NotNil(t, got)
		require.Equal(t, nilIfEmpty(want), nilIfEmpty(got), "TasksChangedSince(%d)", since)
	}
}

// testTasksEmpty checks the reads of an account without tasks and the empty inputs.
func testTasksEmpty(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	b.requireTasks(t, a.ID)
	got, err := b.e.TasksChangedSince(b.ctx, a.ID, 0)
	require.NoError(t, err)
	require.NotNil(t, got)
	require.Empty(t, got)
	err = b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		require.NoError(t, plaintextTx(t, ctx, tx).TasksPut(ctx, nil))
		m, err := plaintextTx(t, ctx, tx).TasksGet(ctx, nil)
		require.NoError(t, err)
		require.NotNil(t, m)
		require.Empty(t, m)
		all, err := plaintextTx(t, ctx, tx).TasksAll(ctx)
		require.NoError(t, err)
		require.NotNil(t, all)
		require.Empty(t, all)
		return plaintextTx(t, ctx, tx).TasksPut(ctx, []store.TaskState{{UUID: uuid.New(), Seq: 1}})
	})
	require.NoError(t, err)
	all, err := b.e.TasksAll(b.ctx, a.ID)
	require.NoError(t, err)
	require.Len(t, all, 1)
	require.Equal(t, "{}", string(all[0].Data), "empty data is stored as an empty object")
	require.Equal(t, "{}", string(all[0].Times), "empty times are stored as an empty object")
}

// testTxSeesOwnTasks checks that the transaction reads its own task writes while the rest of the
// store does not see them before the commit.
func testTxSeesOwnTasks(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	task := testTask(1, 1)
	err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		require.NoError(t, plaintextTx(t, ctx, tx).TasksPut(ctx, []store.TaskState{task}))
		got, err := plaintextTx(t, ctx, tx).TasksGet(ctx, []uuid.UUID{task.UUID})
		require.NoError(t, err)
		require.Equal(t, map[uuid.UUID]store.TaskState{task.UUID: task}, got)
		outside, err := b.e.TasksAll(b.ctx, a.ID)
		require.NoError(t, err)
		require.Empty(t, outside, "uncommitted tasks are visible outside their transaction")
		return nil
	})
	require.NoError(t, err)
	b.requireTasks(t, a.ID, task)
}

// testEncryptedRefusesTasks checks that an encrypted account can hold no task state: reads fail,
// and a failed TasksPut rolls back the whole transaction even when the callback swallows it.
func testEncryptedRefusesTasks(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "bob", store.ModeEncrypted, uuid.New())
	vs := b.appendN(t, a.ID, 1)
	id := uuid.New()
	err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		_, err := schemaOnly(t, ctx, tx).TasksGet(ctx, []uuid.UUID{id})
		require.ErrorIs(t, err, store.ErrNotPlaintext)
		_, err = schemaOnly(t, ctx, tx).TasksAll(ctx)
		require.ErrorIs(t, err, store.ErrNotPlaintext)
		_, err = tx.VersionAppend(ctx, id, vs[0].ID, segment(2))
		require.NoError(t, err)
		err = schemaOnly(t, ctx, tx).TasksPut(ctx, []store.TaskState{testTask(1, 2)})
		require.ErrorIs(t, err, store.ErrNotPlaintext)
		return nil // the callback swallows the failure
	})
	require.ErrorIs(t, err, store.ErrNotPlaintext)
	b.requireRolledBack(t, a.ID, vs, id)
	b.requireEncrypted(t, a.ID)
	_, err = b.e.TasksChangedSince(b.ctx, a.ID, 0)
	require.ErrorIs(t, err, store.ErrNotPlaintext)
}

// testTask is task n of a test with the given seq: its uuid depends on n only, and its data and
// times are recognisable JSON objects.
func testTask(n int, seq int64) store.TaskState {
	return store.TaskState{
		UUID:  uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "task %d", n)),
		Data:  fmt.Appendf(nil, `{"description":"task %d ✓ \"quoted\"","status":"pending"}`, n),
		Times: fmt.Appendf(nil, `{"description":%d,"status":%d}`, 1_700_000_000_000_000_000+seq, seq),
		Seq:   seq,
	}
}

// putTasks stores tasks in their own ChainUpdate.
func (b *testBundle) putTasks(accountID int64, tasks ...store.TaskState) error {
	return b.e.ChainUpdate(b.ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		ptx, _, err := tx.Plaintext(ctx)
		if err != nil {
			return err
		}
		return ptx.TasksPut(ctx, tasks)
	})
}

// requireTasks checks that the account's task state is exactly want, through the lock-free
// TasksAll and through TasksAll and TasksGet under the lock.
func (b *testBundle) requireTasks(t *testing.T, accountID int64, want ...store.TaskState) {
	t.Helper()
	want = sortedByUUID(want)
	got, err := b.e.TasksAll(b.ctx, accountID)
	require.NoError(t, err)
	require.NotNil(t, got)
	require.Equal(t, nilIfEmpty(want), nilIfEmpty(got))
	ids := make([]uuid.UUID, 0, len(want))
	byID := make(map[uuid.UUID]store.TaskState, len(want))
	for _, task := range want {
		ids = append(ids, task.UUID)
		byID[task.UUID] = task
	}
	err = b.e.ChainUpdate(b.ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		all, err := plaintextTx(t, ctx, tx).TasksAll(ctx)
		require.NoError(t, err)
		require.Equal(t, nilIfEmpty(want), nilIfEmpty(all))
		m, err := plaintextTx(t, ctx, tx).TasksGet(ctx, ids)
		require.NoError(t, err)
		require.Equal(t, byID, m)
		return nil
	})
	require.NoError(t, err)
}

// sortedByUUID returns a copy of tasks in uuid order, the order of TasksAll.
func sortedByUUID(tasks []store.TaskState) []store.TaskState {
	return slices.SortedFunc(slices.Values(tasks), func(x, y store.TaskState) int {
		return bytes.Compare(x.UUID[:], y.UUID[:])
	})
}

// nilIfEmpty returns nil for an empty slice, so that comparisons ignore nil versus empty.
func nilIfEmpty(tasks []store.TaskState) []store.TaskState {
	if len(tasks) == 0 {
		return nil
	}
	return tasks
}

// testTasksManyAtOnce puts hundreds of task states in one call, some of them twice with the
// later state winning, over states stored before: every state and its history row is stored
// (an engine may write them several rows per statement).
func testTasksManyAtOnce(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	const n = 300
	var before, batch, want []store.TaskState
	for i := range n {
		before = append(before, testTask(i, 1))
		batch = append(batch, testTask(i, 2))
		if i%7 == 0 {
			batch = append(batch, testTask(i, 3))
		}
	}
	for i := range n {
		want = append(want, testTask(i, map[bool]int64{true: 3, false: 2}[i%7 == 0]))
	}
	require.NoError(t, b.putTasks(a.ID, before...))
	require.NoError(t, b.putTasks(a.ID, batch...))
	b.requireTasks(t, a.ID, want...)
	ids := make([]uuid.UUID, 0, n)
	old := make(map[uuid.UUID]store.TaskState, n)
	for _, task := range before {
		ids = append(ids, task.UUID)
		old[task.UUID] = task
	}
	require.Equal(t, old, b.tasksAt(t, a.ID, ids, 1), "the history keeps the states before")
	now := make(map[uuid.UUID]store.TaskState, n)
	for _, task := range want {
		now[task.UUID] = task
	}
	require.Equal(t, now, b.tasksAt(t, a.ID, ids, 3), "and the states written")
}

// largeSize is larger than any size from which an engine writes a value on a path of its own.
const largeSize = 1 << 20

// testTasksLarge writes task states of largeSize with small ones, twice (the second time over
// the first), with a large segment, and reads them back whole, in the task table and in its
// history, and the segment with its bytes counted in the usage.
func testTasksLarge(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	large := func(n int, seq int64, fill string) store.TaskState {
		task := testTask(n, seq)
		task.Data = fmt.Appendf(nil, `{"description":"%s"}`, strings.Repeat(fill, largeSize))
		return task
	}
	first := []store.TaskState{large(1, 1, "a"), testTask(2, 1), large(3, 1, "b")}
	require.NoError(t, b.putTasks(a.ID, first...))
	second := []store.TaskState{large(1, 2, "c"), testTask(2, 2)}
	second[1].Times = []byte(`{"description":` + strings.Repeat("1", largeSize) + `}`)
	require.NoError(t, b.putTasks(a.ID, second...))
	b.requireTasks(t, a.ID, second[0], second[1], first[2])
	ids := []uuid.UUID{first[0].UUID, first[1].UUID, first[2].UUID}
	require.Equal(t, map[uuid.UUID]store.TaskState{ids[0]: first[0], ids[1]: first[1], ids[2]: first[2]}, b.tasksAt(t, a.ID, ids, 1))

	segment := bytes.Repeat([]byte{0xa5}, largeSize)
	v, err := b.appendVersion(a.ID, uuid.New(), uuid.Nil, segment)
	require.NoError(t, err)
	got, err := b.e.VersionGet(b.ctx, a.ID, v.ID)
	require.NoError(t, err)
	require.Equal(t, segment, got.Segment)
	ch, err := b.e.ChainGet(b.ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, store.Usage{Bytes: largeSize, Versions: 1}, ch.Usage)
}
