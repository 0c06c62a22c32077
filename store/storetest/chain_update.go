package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// errBoom is the callback error of the rollback tests.
var errBoom = errors.New("boom")

// blockedFor is how long a test lets a second writer try to get past a held chain lock.
const blockedFor = 100 * time.Millisecond

// testChainUpdate covers the transaction semantics of ChainUpdate: read-your-writes, isolation
// of uncommitted writes, rollback on error and panic, and lock scope.
func testChainUpdate(t *testing.T, setup setupFunc) {
	t.Run("TxSeesOwnWrites", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTxSeesOwnWrites(t, b)
	})

	t.Run("RollbackOnError", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
		vs := b.appendN(t, a.ID, 1)
		id := uuid.New()
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			_, err := tx.VersionAppend(ctx, id, vs[0].ID, segment(2))
			require.NoError(t, err)
			return errBoom
		})
		require.ErrorIs(t, err, errBoom)
		b.requireRolledBack(t, a.ID, vs, id)
	})

	t.Run("RollbackOnPanic", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
		vs := b.appendN(t, a.ID, 1)
		id := uuid.New()
		require.PanicsWithValue(t, "boom", func() {
			_ = b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
				_, err := tx.VersionAppend(ctx, id, vs[0].ID, segment(2))
				require.NoError(t, err)
				panic("boom")
			})
		})
		b.requireRolledBack(t, a.ID, vs, id)
	})

	t.Run("FailedWriteIsNeverCommitted", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
		vs := b.appendN(t, a.ID, 1)
		id := uuid.New()
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			_, err := tx.VersionAppend(ctx, id, vs[0].ID, segment(2))
			require.NoError(t, err)
			_, err = tx.VersionAppend(ctx, vs[0].ID, id, segment(3))
			require.ErrorIs(t, err, store.ErrConflict)
			return nil // the callback swallows the failure
		})
		require.ErrorIs(t, err, store.ErrConflict)
		b.requireRolledBack(t, a.ID, vs, id)
	})

	t.Run("SameAccountWaits", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testSameAccountWaits(t, b)
	})

	t.Run("WaitEndsWithContext", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testWaitEndsWithContext(t, b)
	})

	t.Run("DifferentAccountsDoNotBlock", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		if b.e.Engine() == "sqlite" {
			t.Skip("SQLite has one writer for the whole database by design; only PostgreSQL locks per account")
		}
		testDifferentAccountsDoNotBlock(t, b)
	})
}

// requireRolledBack checks that the chain is still exactly vs and that version id was never
// stored, then that the account's lock is free again.
func (b *testBundle) requireRolledBack(t *testing.T, accountID int64, vs []store.Version, id uuid.UUID) {
	t.Helper()
	b.requireChainIs(t, accountID, vs)
	_, err := b.e.VersionGet(b.ctx, accountID, id)
	require.ErrorIs(t, err, store.ErrNotFound)
	more := b.appendN(t, accountID, 1)
	require.Equal(t, int64(len(vs)+1), more[0].Seq)
}

// testTxSeesOwnWrites checks that the transaction sees its writes through Chain and VersionGet
// while the rest of the store does not see them before the commit.
func testTxSeesOwnWrites(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
	id := uuid.New()
	err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		require.Equal(t, store.Chain{AccountID: a.ID, Latest: store.NilVersion}, tx.Chain())
		v, err := tx.VersionAppend(ctx, id, store.NilVersion, segment(1))
		require.NoError(t, err)
		require.Equal(t, store.Chain{AccountID: a.ID, Latest: id, LatestSeq: 1, Usage: store.Usage{Bytes: 9, Versions: 1}}, tx.Chain())
		got, err := tx.VersionGet(ctx, id)
		require.NoError(t, err)
		require.Equal(t, v, got)

		_, err = b.e.VersionGet(b.ctx, a.ID, id)
		require.ErrorIs(t, err, store.ErrNotFound, "an uncommitted version is visible outside its transaction")
		ch, err := b.e.ChainGet(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, store.NilVersion, ch.Latest, "an uncommitted head is visible outside its transaction")
		return nil
	})
	require.NoError(t, err)
	_, err = b.e.VersionGet(b.ctx, a.ID, id)
	require.NoError(t, err)
}

// holdLock runs a ChainUpdate on accountID in the background that appends one version and then
// waits until release is called. It returns once the lock is held, with the appended version
// and a function that releases the lock and returns the ChainUpdate error.
func (b *testBundle) holdLock(t *testing.T, accountID int64) (store.Version, func() error) {
	t.Helper()
	locked, unblock := make(chan store.Version), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- b.e.ChainUpdate(b.ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
			v, err := tx.VersionAppend(ctx, uuid.New(), tx.Chain().Latest, segment(tx.Chain().LatestSeq+1))
			if err != nil {
				return err
			}
			locked <- v
			<-unblock
			return nil
		})
	}()
	var once sync.Once
	release := func() error {
		once.Do(func() { close(unblock) })
		return <-done
	}
	t.Cleanup(func() { once.Do(func() { close(unblock) }) })
	select {
	case v := <-locked:
		return v, release
	case err := <-done:
		t.Fatalf("ChainUpdate holding the lock: %v", err)
	}
	return store.Version{}, nil
}

// testSameAccountWaits checks that a second writer of one account only reads the chain after
// the first has committed.
func testSameAccountWaits(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
	held, release := b.holdLock(t, a.ID)
	seen := make(chan store.Chain, 1)
	done := make(chan error, 1)
	go func() {
		done <- b.e.ChainUpdate(b.ctx, a.ID, func(_ context.Context, tx store.ChainTx) error {
			seen <- tx.Chain()
			return nil
		})
	}()
	select {
	case ch := <-seen:
		t.Fatalf("second writer got the lock while it was held, and read %v", ch)
	case <-time.After(blockedFor):
	}
	require.NoError(t, release())
	require.NoError(t, <-done)
	require.Equal(t, held.ID, (<-seen).Latest)
}

// testDifferentAccountsDoNotBlock checks that a writer of one account commits while another
// account's lock is held.
func testDifferentAccountsDoNotBlock(t *testing.T, b *testBundle) {
	a1 := b.createAccount(t, "a1", store.ModeEncrypted, uuid.Nil)
	a2 := b.createAccount(t, "a2", store.ModeEncrypted, uuid.Nil)
	_, release := b.holdLock(t, a1.ID)
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	err := b.e.ChainUpdate(ctx, a2.ID, func(ctx context.Context, tx store.ChainTx) error {
		_, err := tx.VersionAppend(ctx, uuid.New(), store.NilVersion, segment(1))
		return err
	})
	require.NoError(t, err, "a2 was blocked by a1's lock")
	ch, err := b.e.ChainGet(b.ctx, a2.ID)
	require.NoError(t, err)
	require.Equal(t, int64(1), ch.LatestSeq)
	require.NoError(t, release())
}

// testWaitEndsWithContext checks that a writer waiting for a held lock gives up when its context
// ends, with the context's error and without running its callback, and that the lock still
// works afterwards.
func testWaitEndsWithContext(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
	held, release := b.holdLock(t, a.ID)
	ctx, cancel := context.WithTimeout(b.ctx, blockedFor)
	defer cancel()
	err := b.e.ChainUpdate(ctx, a.ID, func(context.Context, store.ChainTx) error {
		t.Error("callback ran although the lock was held")
		return nil
	})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NoError(t, release())
	more := b.appendN(t, a.ID, 1)
	require.Equal(t, held.ID, more[0].Parent)
}
