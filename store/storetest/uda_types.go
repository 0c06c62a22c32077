package storetest

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testUDATypes covers the UDA types declared for plaintext accounts.
func testUDATypes(t *testing.T, setup setupFunc) {
	t.Run("PutGetReplace", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
		b.requireUDATypes(t, a.ID, map[string]string{})
		require.NoError(t, b.putUDATypes(a.ID, map[string]string{"estimate": "duration", "due2": "date"}))
		b.requireUDATypes(t, a.ID, map[string]string{"estimate": "duration", "due2": "date"})
		require.NoError(t, b.putUDATypes(a.ID, map[string]string{"due2": "string", "points": "numeric"}))
		b.requireUDATypes(t, a.ID, map[string]string{"estimate": "duration", "due2": "string", "points": "numeric"})
		require.NoError(t, b.putUDATypes(a.ID, nil))
		b.requireUDATypes(t, a.ID, map[string]string{"estimate": "duration", "due2": "string", "points": "numeric"})
	})

	t.Run("ChangedInTheTransaction", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
		require.NoError(t, b.putUDATypes(a.ID, map[string]string{"estimate": "duration"}))
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			ptx := plaintextTx(t, ctx, tx)
			got, err := ptx.UDATypes(ctx)
			require.NoError(t, err)
			require.Equal(t, map[string]string{"estimate": "duration"}, got)
			got["estimate"] = "string" // the caller's copy
			got, err = ptx.UDATypes(ctx)
			require.NoError(t, err)
			require.Equal(t, map[string]string{"estimate": "duration"}, got)
			require.NoError(t, ptx.UDATypesPut(ctx, map[string]string{"points": "numeric"}))
			got, err = ptx.UDATypes(ctx)
			require.NoError(t, err)
			require.Equal(t, map[string]string{"estimate": "duration", "points": "numeric"}, got)
			require.NoError(t, ptx.UDATypesDelete(ctx, []string{"estimate"}))
			got, err = ptx.UDATypes(ctx)
			require.NoError(t, err)
			require.Equal(t, map[string]string{"points": "numeric"}, got)
			return nil
		})
		require.NoError(t, err)
		b.requireUDATypes(t, a.ID, map[string]string{"points": "numeric"})
	})

	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
		other := b.createAccount(t, "bob", store.ModePlaintext, uuid.New())
		require.NoError(t, b.putUDATypes(a.ID, map[string]string{"estimate": "duration", "due2": "date", "size": "numeric"}))
		require.NoError(t, b.putUDATypes(other.ID, map[string]string{"due2": "date"}))
		require.NoError(t, b.deleteUDATypes(a.ID, []string{"due2", "size", "never-declared"}))
		b.requireUDATypes(t, a.ID, map[string]string{"estimate": "duration"})
		b.requireUDATypes(t, other.ID, map[string]string{"due2": "date"})
		require.NoError(t, b.deleteUDATypes(a.ID, nil))
		b.requireUDATypes(t, a.ID, map[string]string{"estimate": "duration"})
	})

	t.Run("PerAccount", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a1 := b.createAccount(t, "a1", store.ModePlaintext, uuid.New())
		a2 := b.createAccount(t, "a2", store.ModePlaintext, uuid.New())
		require.NoError(t, b.putUDATypes(a1.ID, map[string]string{"estimate": "duration"}))
		require.NoError(t, b.putUDATypes(a2.ID, map[string]string{"estimate": "numeric"}))
		b.requireUDATypes(t, a1.ID, map[string]string{"estimate": "duration"})
		b.requireUDATypes(t, a2.ID, map[string]string{"estimate": "numeric"})
	})

	t.Run("InvalidTypeWritesNothing", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
		task := testTask(1, 1)
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			require.NoError(t, plaintextTx(t, ctx, tx).TasksPut(ctx, []store.TaskState{task}))
			err := plaintextTx(t, ctx, tx).UDATypesPut(ctx, map[string]string{"estimate": "duration", "id": "uuid"})
			require.ErrorContains(t, err, "uuid")
			return nil // the callback swallows the failure
		})
		require.Error(t, err)
		require.NotErrorIs(t, err, store.ErrNotPlaintext)
		b.requireUDATypes(t, a.ID, map[string]string{})
		b.requireTasks(t, a.ID)
	})

	t.Run("EncryptedAccountRefuses", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "bob", store.ModeEncrypted, uuid.New())
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			_, err := schemaOnly(t, ctx, tx).UDATypes(ctx)
			require.ErrorIs(t, err, store.ErrNotPlaintext)
			err = schemaOnly(t, ctx, tx).UDATypesPut(ctx, map[string]string{"estimate": "duration"})
			require.ErrorIs(t, err, store.ErrNotPlaintext)
			return nil // the callback swallows the failure
		})
		require.ErrorIs(t, err, store.ErrNotPlaintext)
	})
}

// putUDATypes records UDA types in their own ChainUpdate.
func (b *testBundle) putUDATypes(accountID int64, types map[string]string) error {
	return b.e.ChainUpdate(b.ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		ptx, _, err := tx.Plaintext(ctx)
		if err != nil {
			return err
		}
		return ptx.UDATypesPut(ctx, types)
	})
}

// deleteUDATypes forgets UDA types in their own ChainUpdate.
func (b *testBundle) deleteUDATypes(accountID int64, names []string) error {
	return b.e.ChainUpdate(b.ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		ptx, _, err := tx.Plaintext(ctx)
		if err != nil {
			return err
		}
		return ptx.UDATypesDelete(ctx, names)
	})
}

// requireUDATypes checks the account's UDA types under its lock.
func (b *testBundle) requireUDATypes(t *testing.T, accountID int64, want map[string]string) {
	t.Helper()
	err := b.e.ChainUpdate(b.ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		got, err := plaintextTx(t, ctx, tx).UDATypes(ctx)
		require.NoError(t, err)
		require.Equal(t, want, got)
		return nil
	})
	require.NoError(t, err)
}
