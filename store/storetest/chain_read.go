package storetest

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testChainRead covers ChainRead: a consistent read of a chain and its task state that takes
// no lock, and through which nothing can be written.
func testChainRead(t *testing.T, setup setupFunc) {
	t.Run("ReadsBesideAWriterOfTheAccount", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			_, err := plaintextTx(t, ctx, tx).VersionAppendWithTasks(ctx, uuid.New(), store.NilVersion, segment(1), []store.TaskState{testTask(1, 1)})
			require.NoError(t, err)
			read := make(chan error, 1)
			go func() { // the lock and the writer are held here: the read must not wait for them
				read <- b.e.ChainRead(context.WithoutCancel(ctx), a.ID, func(ctx context.Context, rtx store.ChainTx) error {
					require.Zero(t, rtx.Chain().LatestSeq, "the uncommitted version is not seen")
					ptx, _, err := rtx.Plaintext(ctx)
					require.NoError(t, err)
					tasks, err := ptx.TasksAll(ctx)
					require.NoError(t, err)
					require.Empty(t, tasks)
					return nil
				})
			}()
			return <-read
		})
		require.NoError(t, err)
		err = b.e.ChainRead(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			require.EqualValues(t, 1, tx.Chain().LatestSeq, "the committed version is seen")
			return nil
		})
		require.NoError(t, err)
	})

	t.Run("WritesNothing", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
		err := b.e.ChainRead(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			_, err := plaintextTx(t, ctx, tx).VersionAppendWithTasks(ctx, uuid.New(), store.NilVersion, segment(1), []store.TaskState{testTask(1, 1)})
			require.Error(t, err)
			return nil
		})
		require.Error(t, err, "a failed write is the read's error")
		ch, err := b.e.ChainGet(b.ctx, a.ID)
		require.NoError(t, err)
		require.Zero(t, ch.LatestSeq)
		b.requireTasks(t, a.ID)
	})

	t.Run("UnknownAccount", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		err := b.e.ChainRead(b.ctx, 424242, func(context.Context, store.ChainTx) error { return nil })
		require.ErrorIs(t, err, store.ErrNotFound)
	})
}
