package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// benchAccounts is how many accounts the benchmarks spread their load over.
const benchAccounts = 50

// benchSegment is the history segment every benchmark append stores; real segments are sealed
// operations of a few hundred bytes.
var benchSegment = make([]byte, 512)

// benchTasks is how many tasks one TasksGetThenPut op reads and writes: a version usually
// touches a few tasks.
const benchTasks = 10

// Bench runs the hot-path benchmarks against a fresh engine from open (which must close it in
// b.Cleanup): one op is the add-version path (ChainUpdate with VersionAppend) followed by the
// get-child-version read of what it appended, spread with b.RunParallel over benchAccounts
// accounts; the same pair through client ids on the handlers' hot path (ClientAppendEncrypted
// and ClientVersionChild) with 2 KB segments; a ClientGet per op; and the task-state update of a plaintext version (ChainUpdate
// with TasksGet and TasksPut of benchTasks tasks) per op; and TasksAt of benchTasks tasks on a
// short and on a long history (see benchTasksAt).
func Bench(b *testing.B, open func(b *testing.B) Engine) {
	b.Run("AppendThenVersionChild", func(b *testing.B) {
		e := open(b)
		benchEach(b, benchSetup(b, e), func(ctx context.Context, c store.Client, _ int64) error {
			return appendThenChild(ctx, e, c.Account.ID)
		})
	})
	b.Run("ClientAppendThenChild", func(b *testing.B) { benchClientPair(b, open(b)) })
	b.Run("TasksGetThenPut", func(b *testing.B) {
		e := open(b)
		benchEach(b, benchPlaintextSetup(b, e), func(ctx context.Context, accountID, n int64) error {
			return tasksGetThenPut(ctx, e, accountID, n)
		})
	})
	b.Run("TasksAt", func(b *testing.B) { benchTasksAt(b, open) })
	b.Run("ClientGet", func(b *testing.B) {
		e := open(b)
		benchEach(b, benchSetup(b, e), func(ctx context.Context, c store.Client, _ int64) error {
			_, err := e.ClientGet(ctx, c.ClientID)
			return err
		})
	})
}

// benchEach runs op in parallel with b.RunParallel, handing each call the next of accounts in
// turn and the call's number.
func benchEach[A any](b *testing.B, accounts []A, op func(ctx context.Context, account A, n int64) error) {
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := next.Add(1)
			if err := op(b.Context(), accounts[n%int64(len(accounts))], n); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// benchSetup creates benchAccounts encrypted accounts with one client each.
func benchSetup(b *testing.B, e Engine) []store.Client {
	b.Helper()
	out := make([]store.Client, benchAccounts)
	for i := range out {
		c, err := e.ClientEnsureEncrypted(b.Context(), uuid.New())
		if err != nil {
			b.Fatalf("ClientEnsureEncrypted: %v", err)
		}
		out[i] = c
	}
	return out
}

// appendThenChild appends after the head and reads the new version back as the head's child.
func appendThenChild(ctx context.Context, e Engine, accountID int64) error {
	var parent, id uuid.UUID
	err := e.ChainUpdate(ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		parent = tx.Chain().Latest
		v, err := tx.VersionAppend(ctx, uuid.New(), parent, benchSegment)
		id = v.ID
		return err
	})
	if err != nil {
		return fmt.Errorf("append: %w", err)
	}
	_, child, found, err := e.VersionChild(ctx, accountID, parent)
	if err != nil || !found || child.ID != id {
		return fmt.Errorf("VersionChild(%s) = %s, %t, %v; want %s", parent, child.ID, found, err, id)
	}
	return nil
}

// benchPlaintextSetup creates benchAccounts plaintext accounts and returns their ids.
func benchPlaintextSetup(b *testing.B, e Engine) []int64 {
	b.Helper()
	out := make([]int64, benchAccounts)
	for i := range out {
		client := uuid.New()
		key := testKey(client)
		a, err := e.AccountCreate(b.Context(), store.AccountCreateParams{
			Name: fmt.Sprintf("bench-%d", i), Mode: store.ModePlaintext, ClientID: client, Key: &key,
		})
		if err != nil {
			b.Fatalf("AccountCreate: %v", err)
		}
		out[i] = a.ID
	}
	return out
}

// tasksGetThenPut reads benchTasks tasks of the account under its lock and writes them back
// changed by op n, the way applying a version updates the task state.
func tasksGetThenPut(ctx context.Context, e Engine, accountID, n int64) error {
	ids := make([]uuid.UUID, benchTasks)
	tasks := make([]store.TaskState, benchTasks)
	for i := range tasks {
		tasks[i] = testTask(i, n)
		ids[i] = tasks[i].UUID
	}
	return e.ChainUpdate(ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		ptx, _, err := tx.Plaintext(ctx)
		if err != nil {
			return fmt.Errorf("Plaintext: %w", err)
		}
		if _, err := ptx.TasksGet(ctx, ids); err != nil {
			return fmt.Errorf("TasksGet: %w", err)
		}
		return ptx.TasksPut(ctx, tasks)
	})
}
