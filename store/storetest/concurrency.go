package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

const (
	// raceWriters and raceAttempts size the concurrent-writer test: raceWriters goroutines each
	// try raceAttempts appends to one account.
	raceWriters  = 8
	raceAttempts = 50
)

// errMismatch is what a racing writer returns when the head moved between its read and its lock.
var errMismatch = errors.New("mismatch: the head moved after it was read")

// testConcurrency races writers of one account, the way the protocol handlers use the store.
func testConcurrency(t *testing.T, setup setupFunc) {
	t.Run("LinearChain", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testLinearChain(t, b)
	})

	t.Run("VersionChildIsOneRead", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testVersionChildIsOneRead(t, b)
	})

	t.Run("SnapshotReadUnderLock", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testSnapshotReadUnderLock(t, b)
	})
}

// testLinearChain lets raceWriters goroutines each read the head, then append after it under the
// lock only if the head is still what they read. Exactly one linear chain must result, as long
// as the number of successes, and every failure must be the mismatch.
func testLinearChain(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
	var successes atomic.Int64
	var mu sync.Mutex
	var unexpected []error
	var wg sync.WaitGroup
	for range raceWriters {
		wg.Go(func() {
			for range raceAttempts {
				err := b.raceAppend(a.ID)
				switch {
				case err == nil:
					successes.Add(1)
				case !errors.Is(err, errMismatch):
					mu.Lock()
					unexpected = append(unexpected, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(unexpected) > 0 {
		t.Fatalf("%d appends failed with something other than the mismatch; first: %v", len(unexpected), unexpected[0])
	}
	require.Positive(t, successes.Load())
	chain := b.walkChain(t, a.ID)
	require.Len(t, chain, int(successes.Load()))
}

// raceAppend is one writer's attempt: read the head without the lock, then append after it.
func (b *testBundle) raceAppend(accountID int64) error {
	read, err := b.e.ChainGet(b.ctx, accountID)
	if err != nil {
		return err
	}
	return b.e.ChainUpdate(b.ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		if tx.Chain().Latest != read.Latest {
			return errMismatch
		}
		_, err := tx.VersionAppend(ctx, uuid.New(), read.Latest, segment(read.LatestSeq+1))
		return err
	})
}

// testSnapshotReadUnderLock races writers that each append a version and snapshot it. Every
// committed transaction leaves the snapshot at the head, so each writer must find it there when
// it gets the lock: a snapshot read older than the head means the chain and its snapshot were
// not read from the same committed state.
func testSnapshotReadUnderLock(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
	var mu sync.Mutex
	var failures []error
	var wg sync.WaitGroup
	for range raceWriters {
		wg.Go(func() {
			for range raceAttempts / 5 {
				if err := b.appendAndSnapshot(a.ID); err != nil {
					mu.Lock()
					failures = append(failures, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d of %d writers saw a stale snapshot; first: %v", len(failures), raceWriters*(raceAttempts/5), failures[0])
	}
	ch, err := b.e.ChainGet(b.ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, int64(raceWriters*(raceAttempts/5)), ch.LatestSeq)
	require.Equal(t, ch.Latest, ch.Snapshot.VersionID)
}

// appendAndSnapshot checks that the snapshot is at the head, then appends and snapshots the new
// head.
func (b *testBundle) appendAndSnapshot(accountID int64) error {
	return b.e.ChainUpdate(b.ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		ch := tx.Chain()
		if ch.LatestSeq > 0 && (ch.Snapshot == nil || ch.Snapshot.VersionID != ch.Latest || ch.Snapshot.VersionsSince != 0) {
			return fmt.Errorf("under the lock the head is %d (%s) but the snapshot is %+v", ch.LatestSeq, ch.Latest, ch.Snapshot)
		}
		v, err := tx.VersionAppend(ctx, uuid.New(), ch.Latest, segment(ch.LatestSeq+1))
		if err != nil {
			return err
		}
		return tx.SnapshotPut(ctx, store.SnapshotMeta{VersionID: v.ID}, []byte("snapshot"))
	})
}

// testVersionChildIsOneRead walks the chain with VersionChild while a writer appends. Read from
// one state, "parent has no child" always comes with "parent is the head"; a VersionChild that
// read the child and the head separately could report no child and a head that has moved on.
func testVersionChildIsOneRead(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
	done := make(chan struct{})
	var readErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		parent := store.NilVersion
		for {
			latest, child, found, err := b.e.VersionChild(b.ctx, a.ID, parent)
			switch {
			case err != nil:
				readErr = err
				return
			case found:
				parent = child.ID
				continue
			case latest != parent:
				readErr = fmt.Errorf("VersionChild(%s) found no child but the head is %s", parent, latest)
				return
			}
			select {
			case <-done:
				return
			default:
			}
		}
	})
	for i := range raceAttempts * 2 {
		if _, err := b.appendVersion(a.ID, uuid.New(), b.head(t, a.ID), segment(int64(i+1))); err != nil {
			close(done)
			wg.Wait()
			t.Fatalf("append %d: %v", i+1, err)
		}
	}
	close(done)
	wg.Wait()
	require.NoError(t, readErr)
}

// head returns the chain head.
func (b *testBundle) head(t *testing.T, accountID int64) uuid.UUID {
	t.Helper()
	ch, err := b.e.ChainGet(b.ctx, accountID)
	require.NoError(t, err)
	return ch.Latest
}
