package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// errTest is the callback error of the group-commit tests.
var errTest = errors.New("callback failed")

// openBatchTest opens a migrated store that is closed when the test ends.
func openBatchTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.Context(), Options{Dir: t.TempDir(), Migrate: true})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	return s
}

// newAccounts creates n encrypted accounts and returns their ids.
func newAccounts(t *testing.T, s *Store, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range ids {
		c, err := s.ClientEnsureEncrypted(t.Context(), uuid.New())
		require.NoError(t, err)
		ids[i] = c.Account.ID
	}
	return ids
}

// appendAtHead appends one version after the head read under the lock.
func appendAtHead(ctx context.Context, tx store.ChainTx, id uuid.UUID) error {
	_, err := tx.VersionAppend(ctx, id, tx.Chain().Latest, []byte(id.String()))
	return err
}

// walk returns the version ids of the account's chain from the first, checking seq and parent.
func walk(t *testing.T, s *Store, accountID int64) []uuid.UUID {
	t.Helper()
	var ids []uuid.UUID
	parent := store.NilVersion
	for {
		latest, child, found, err := s.VersionChild(t.Context(), accountID, parent)
		require.NoError(t, err)
		if !found {
			require.Equal(t, parent, latest, "the walk must end at the head")
			return ids
		}
		require.Equal(t, int64(len(ids)+1), child.Seq)
		ids = append(ids, child.ID)
		parent = child.ID
	}
}

// hold starts a ChainUpdate that keeps the writer busy until the returned release is called;
// release returns that call's error.
func hold(t *testing.T, s *Store, accountID int64) func() error {
	t.Helper()
	running, unblock, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- s.ChainUpdate(t.Context(), accountID, func(ctx context.Context, tx store.ChainTx) error {
			close(running)
			<-unblock
			return appendAtHead(ctx, tx, uuid.New())
		})
	}()
	<-running
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { close(unblock) }) })
	return func() error {
		once.Do(func() { close(unblock) })
		return <-done
	}
}

// waitQueued waits until n calls wait in the writer's queue.
func waitQueued(t *testing.T, s *Store, n int) {
	t.Helper()
	require.Eventually(t, func() bool { return len(s.batch.queue) == n }, 5*time.Second, time.Millisecond)
}

// mixedResult is what one call of TestGroupCommitMixedOutcomes ended with.
type mixedResult struct {
	accountID int64
	id        uuid.UUID
	ok        bool
}

// mixedCall runs call k: every fifth fails with errTest and every seventh panics, both after
// appending; the others append and succeed.
func mixedCall(t *testing.T, s *Store, accountID int64, k int) (res mixedResult) {
	res = mixedResult{accountID: accountID, id: uuid.New()}
	defer func() {
		if v := recover(); v != nil {
			require.Equal(t, fmt.Sprintf("panic %d", k), v, "the callback's own panic value is raised again")
			res.ok = false
		}
	}()
	err := s.ChainUpdate(t.Context(), accountID, func(ctx context.Context, tx store.ChainTx) error {
		if err := appendAtHead(ctx, tx, res.id); err != nil {
			return err
		}
		switch {
		case k%5 == 0:
			return errTest
		case k%7 == 0:
			panic(fmt.Sprintf("panic %d", k))
		}
		return nil
	})
	if k%5 == 0 {
		require.ErrorIs(t, err, errTest)
		return res
	}
	require.NoError(t, err)
	res.ok = true
	return res
}

func TestGroupCommitMixedOutcomes(t *testing.T) {
	t.Parallel()
	s := openBatchTest(t)
	accounts := newAccounts(t, s, 3)
	const writers, calls = 16, 40
	results := make(chan mixedResult, writers*calls)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range calls {
				k := w*calls + i + 1
				results <- mixedCall(t, s, accounts[k%len(accounts)], k)
			}
		})
	}
	wg.Wait()
	close(results)
	want := map[int64][]uuid.UUID{}
	var failed []mixedResult
	for r := range results {
		if r.ok {
			want[r.accountID] = append(want[r.accountID], r.id)
		} else {
			failed = append(failed, r)
		}
	}
	require.NotEmpty(t, failed)
	for _, id := range accounts {
		require.ElementsMatch(t, want[id], walk(t, s, id), "account %d holds exactly the successful appends", id)
	}
	for _, r := range failed {
		_, err := s.VersionGet(t.Context(), r.accountID, r.id)
		require.ErrorIs(t, err, store.ErrNotFound, "a failed call's write was kept")
	}
}

func TestGroupCommitQueuedCallsShareOneCommit(t *testing.T) {
	t.Parallel()
	s := openBatchTest(t)
	accounts := newAccounts(t, s, 2)
	var commits atomic.Int64
	s.batch.beforeCommit = func() error { commits.Add(1); return nil }
	release := hold(t, s, accounts[0])
	const queued = 10
	errs := make(chan error, queued)
	for i := range queued {
		go func() {
			errs <- s.ChainUpdate(t.Context(), accounts[i%2], func(ctx context.Context, tx store.ChainTx) error {
				return appendAtHead(ctx, tx, uuid.New())
			})
		}()
		waitQueued(t, s, i+1)
	}
	require.NoError(t, release())
	for range queued {
		require.NoError(t, <-errs)
	}
	require.Equal(t, int64(1), commits.Load(), "the calls queued while the held call ran join its batch")
	require.Len(t, walk(t, s, accounts[0]), 1+queued/2, "calls on one account in one batch see each other's writes")
	require.Len(t, walk(t, s, accounts[1]), queued/2)
}

func TestGroupCommitBatchIsCapped(t *testing.T) {
	t.Parallel()
	s := openBatchTest(t)
	accounts := newAccounts(t, s, 4)
	var commits atomic.Int64
	s.batch.beforeCommit = func() error { commits.Add(1); return nil }
	release := hold(t, s, accounts[0])
	const queued = maxBatch + 5
	errs := make(chan error, queued)
	for i := range queued {
		go func() {
			errs <- s.ChainUpdate(t.Context(), accounts[i%4], func(ctx context.Context, tx store.ChainTx) error {
				return appendAtHead(ctx, tx, uuid.New())
			})
		}()
	}
	waitQueued(t, s, queued)
	require.NoError(t, release())
	for range queued {
		require.NoError(t, <-errs)
	}
	require.Equal(t, int64(2), commits.Load(), "the held call's batch takes maxBatch calls in all; the rest make a second")
}

func TestGroupCommitFailedCommitFailsEveryCall(t *testing.T) {
	t.Parallel()
	s := openBatchTest(t)
	accounts := newAccounts(t, s, 3)
	errCommit := errors.New("injected commit failure")
	s.batch.beforeCommit = func() error { return errCommit }
	held := hold(t, s, accounts[0])
	const queued = 6
	ids := make([]uuid.UUID, queued)
	errs := make(chan error, queued)
	for i := range queued {
		ids[i] = uuid.New()
		go func() {
			errs <- s.ChainUpdate(t.Context(), accounts[i%3], func(ctx context.Context, tx store.ChainTx) error {
				if i == 0 {
					return errTest // fails on its own too, but must not be told so before the COMMIT
				}
				return appendAtHead(ctx, tx, ids[i])
			})
		}()
		waitQueued(t, s, i+1)
	}
	require.ErrorIs(t, held(), errCommit)
	for range queued {
		require.ErrorIs(t, <-errs, errCommit)
	}
	for i, id := range ids {
		_, err := s.VersionGet(t.Context(), accounts[i%3], id)
		require.ErrorIs(t, err, store.ErrNotFound, "a write of the failed batch is visible")
	}
	require.Empty(t, walk(t, s, accounts[0]), "the held call's write is visible")
	s.batch.beforeCommit = nil
	require.NoError(t, s.ChainUpdate(t.Context(), accounts[1], func(ctx context.Context, tx store.ChainTx) error {
		return appendAtHead(ctx, tx, uuid.New())
	}), "the writer works again after a failed batch")
	require.Len(t, walk(t, s, accounts[1]), 1)
}

func TestGroupCommitCancelQueuedCall(t *testing.T) {
	t.Parallel()
	s := openBatchTest(t)
	accounts := newAccounts(t, s, 1)
	release := hold(t, s, accounts[0])
	ctx, cancel := context.WithCancel(t.Context())
	var ran atomic.Bool
	errs := make(chan error, 1)
	go func() {
		errs <- s.ChainUpdate(ctx, accounts[0], func(context.Context, store.ChainTx) error {
			ran.Store(true)
			return nil
		})
	}()
	waitQueued(t, s, 1)
	cancel()
	select {
	case err := <-errs:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(5 * time.Second):
		t.Fatal("a cancelled queued call kept waiting for the writer")
	}
	require.NoError(t, release())
	require.NoError(t, s.ChainUpdate(t.Context(), accounts[0], func(ctx context.Context, tx store.ChainTx) error {
		return appendAtHead(ctx, tx, uuid.New())
	}))
	require.False(t, ran.Load(), "the cancelled call's callback ran")
	require.Len(t, walk(t, s, accounts[0]), 2)
}

func TestGroupCommitDirectCall(t *testing.T) {
	t.Parallel()
	s := openBatchTest(t)
	accounts := newAccounts(t, s, 1)
	release := hold(t, s, accounts[0])
	ctx, cancel := context.WithCancel(t.Context())
	var ran atomic.Int32
	work := func(context.Context, runner) error { ran.Add(1); return nil }
	withdrawn, done := make(chan error, 1), make(chan error, 1)
	go func() { withdrawn <- s.direct(ctx, work) }()
	waitQueued(t, s, 1)
	go func() { done <- s.direct(t.Context(), work) }()
	waitQueued(t, s, 2)
	cancel()
	select {
	case err := <-withdrawn:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(5 * time.Second):
		t.Fatal("a cancelled queued direct call kept waiting for the writer")
	}
	require.NoError(t, release())
	require.NoError(t, <-done)
	require.Equal(t, int32(1), ran.Load(), "the withdrawn call ran, or the other did not")
	require.NoError(t, s.Close())
	require.ErrorIs(t, s.direct(t.Context(), work), errClosed)
}

func TestGroupCommitCancelDuringCallbackRollsBack(t *testing.T) {
	t.Parallel()
	s := openBatchTest(t)
	accounts := newAccounts(t, s, 1)
	ctx, cancel := context.WithCancel(t.Context())
	id := uuid.New()
	err := s.ChainUpdate(ctx, accounts[0], func(ctx context.Context, tx store.ChainTx) error {
		cancel()
		return appendAtHead(ctx, tx, id) // runs to its end: statements ignore the cancellation
	})
	require.ErrorIs(t, err, context.Canceled)
	require.Empty(t, walk(t, s, accounts[0]))
}

func TestGroupCommitClose(t *testing.T) {
	t.Parallel()
	s, err := Open(t.Context(), Options{Dir: t.TempDir(), Migrate: true})
	require.NoError(t, err)
	accounts := newAccounts(t, s, 1)
	require.NoError(t, s.Close())
	err = s.ChainUpdate(t.Context(), accounts[0], func(context.Context, store.ChainTx) error { return nil })
	require.ErrorIs(t, err, errClosed)
}
