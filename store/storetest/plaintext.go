package storetest

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testPlaintext covers the server-held keys of plaintext accounts and the conversion of an
// encrypted account.
func testPlaintext(t *testing.T, setup setupFunc) {
	t.Run("CreateStoresKey", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		client := uuid.New()
		a := b.createAccount(t, "alice", store.ModePlaintext, client)
		got, err := b.e.AccountKeyGet(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, testKey(client), got)
	})

	t.Run("PlaintextReadsAccountAndKeyUnderLock", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		client := uuid.New()
		a := b.createAccount(t, "alice", store.ModePlaintext, client)
		require.NoError(t, b.e.AccountSetStatus(b.ctx, a.ID, store.StatusSuspended))
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			ptx, pa, err := tx.Plaintext(ctx)
			require.NoError(t, err)
			require.NotNil(t, ptx)
			require.Equal(t, store.StatusSuspended, pa.Status)
			require.Equal(t, a.ID, pa.ID)
			require.Equal(t, testKey(client), pa.Key)
			return nil
		})
		require.NoError(t, err)
	})

	for _, c := range []struct {
		name               string
		largeState, bigSeg bool
	}{{"Small", false, false}, {"LargeState", true, false}, {"LargeSegment", false, true}} {
		t.Run("VersionAppendWithTasks/"+c.name, func(t *testing.T) {
			t.Parallel()
			testVersionAppendWithTasks(t, setup(t), c.largeState, c.bigSeg)
		})
	}

	t.Run("EncryptedHasNoKey", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "bob", store.ModeEncrypted, uuid.New())
		_, err := b.e.AccountKeyGet(b.ctx, a.ID)
		require.ErrorIs(t, err, store.ErrNotFound)
		c, err := b.e.ClientEnsureEncrypted(b.ctx, uuid.New())
		require.NoError(t, err)
		_, err = b.e.AccountKeyGet(b.ctx, c.Account.ID)
		require.ErrorIs(t, err, store.ErrNotFound)
	})

	t.Run("FailedKeyCreatesNothing", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		client := uuid.New()
		key := store.AccountKey{ClientID: client, SealedSecret: []byte("s")} // no sealed key
		_, err := b.e.AccountCreate(b.ctx, store.AccountCreateParams{
			Name: "alice", Mode: store.ModePlaintext, ClientID: client, Key: &key,
		})
		require.Error(t, err)
		_, err = b.e.AccountGetByName(b.ctx, "alice")
		require.ErrorIs(t, err, store.ErrNotFound, "the account must not outlive its failed key")
		_, err = b.e.ClientGet(b.ctx, client)
		require.ErrorIs(t, err, store.ErrNotFound)
	})

	t.Run("MakePlaintext", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testMakePlaintext(t, b)
	})

	t.Run("MakePlaintextRollsBack", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		client := uuid.New()
		a := b.createAccount(t, "alice", store.ModeEncrypted, client)
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			ptx, err := tx.AccountMakePlaintext(ctx, testKey(client))
			require.NoError(t, err)
			require.NoError(t, ptx.TasksPut(ctx, []store.TaskState{testTask(1, 1)}))
			return errBoom
		})
		require.ErrorIs(t, err, errBoom)
		b.requireEncrypted(t, a.ID)
	})

	t.Run("MakePlaintextOfPlaintextFails", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		client := uuid.New()
		a := b.createAccount(t, "alice", store.ModePlaintext, client)
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			_, err := tx.AccountMakePlaintext(ctx, testKey(uuid.New()))
			require.ErrorIs(t, err, store.ErrConflict)
			require.ErrorContains(t, err, "plaintext already")
			return nil // the callback swallows the failure
		})
		require.ErrorIs(t, err, store.ErrConflict)
		got, err := b.e.AccountKeyGet(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, testKey(client), got, "the key must be unchanged")
	})
}

// testMakePlaintext converts an encrypted account that has versions, rebuilding its task state in
// the same transaction, and checks the result inside and after the transaction.
func testMakePlaintext(t *testing.T, b *testBundle) {
	client := uuid.New()
	a := b.createAccount(t, "alice", store.ModeEncrypted, client)
	vs := b.appendN(t, a.ID, 2)
	tasks := []store.TaskState{testTask(1, 1), testTask(2, 2)}
	err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		ptx, err := tx.AccountMakePlaintext(ctx, testKey(client))
		if err != nil {
			return err
		}
		if err := ptx.TasksPut(ctx, tasks); err != nil {
			return err
		}
		_, pa, err := tx.Plaintext(ctx)
		require.NoError(t, err)
		require.Equal(t, testKey(client), pa.Key, "the key is read inside the converting transaction")
		all, err := ptx.TasksAll(ctx)
		require.NoError(t, err)
		require.Equal(t, sortedByUUID(tasks), all)
		return nil
	})
	require.NoError(t, err)
	got, err := b.e.AccountGet(b.ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, store.ModePlaintext, got.Mode)
	key, err := b.e.AccountKeyGet(b.ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, testKey(client), key)
	all, err := b.e.TasksAll(b.ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, sortedByUUID(tasks), all)
	b.requireChainIs(t, a.ID, vs)
}

// requireEncrypted checks that an account is still encrypted, with no key and no task state.
func (b *testBundle) requireEncrypted(t *testing.T, accountID int64) {
	t.Helper()
	a, err := b.e.AccountGet(b.ctx, accountID)
	require.NoError(t, err)
	require.Equal(t, store.ModeEncrypted, a.Mode)
	_, err = b.e.AccountKeyGet(b.ctx, accountID)
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = b.e.TasksAll(b.ctx, accountID)
	require.ErrorIs(t, err, store.ErrNotPlaintext)
}

// testVersionAppendWithTasks appends a version with a task state, then one whose parent is not
// the head, which writes nothing; with a state or segment of largeSize when asked, which an engine
// may write on a path of its own.
func testVersionAppendWithTasks(t *testing.T, b *testBundle, largeState, largeSegment bool) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	task, later, first := testTask(1, 1), testTask(1, 2), segment(1)
	if largeState {
		task.Data = fmt.Appendf(nil, `{"description":"%s"}`, strings.Repeat("a", largeSize))
		later.Data = fmt.Appendf(nil, `{"description":"%s"}`, strings.Repeat("b", largeSize))
	}
	if largeSegment {
		first = bytes.Repeat([]byte{0xa5}, largeSize)
	}
	var id uuid.UUID
	err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		v, err := plaintextTx(t, ctx, tx).VersionAppendWithTasks(ctx, uuid.New(), store.NilVersion, first, []store.TaskState{task})
		require.NoError(t, err)
		require.Equal(t, int64(1), v.Seq)
		require.Equal(t, v.ID, tx.Chain().Latest)
		id = v.ID
		return nil
	})
	require.NoError(t, err)
	b.requireTasks(t, a.ID, task)
	require.Equal(t, map[uuid.UUID]store.TaskState{task.UUID: task}, b.tasksAt(t, a.ID, []uuid.UUID{task.UUID}, 1))
	got, err := b.e.VersionGet(b.ctx, a.ID, id)
	require.NoError(t, err)
	require.Equal(t, first, got.Segment)

	err = b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		_, err := plaintextTx(t, ctx, tx).VersionAppendWithTasks(ctx, uuid.New(), uuid.New(), first, []store.TaskState{later})
		require.ErrorIs(t, err, store.ErrConflict, "a parent that is not the head")
		return nil // the callback swallows the failure
	})
	require.ErrorIs(t, err, store.ErrConflict)
	b.requireTasks(t, a.ID, task)
}
