package taskdsync

import (
	"context"
	"sync"
)

// turns lets the prepared syncs of one account take turns, so that several devices uploading
// at once do not make each other's preparations stale (each would otherwise be prepared again,
// and could run out of tries); syncs of different accounts never wait for each other. An account is
// held only while one of its syncs runs, so the map stays as small as the syncs in progress.
type turns struct {
	mu      sync.Mutex
	held    map[int64]chan struct{} // closed when the account's turn ends
	waiting int                     // syncs waiting for a turn
}

// take waits until accountID is free and holds it; release ends the turn. It fails with the
// context's error when ctx ends first.
func (t *turns) take(ctx context.Context, accountID int64) (release func(), err error) {
	for {
		t.mu.Lock()
		done, busy := t.held[accountID]
		if !busy {
			if t.held == nil {
				t.held = map[int64]chan struct{}{}
			}
			done = make(chan struct{})
			t.held[accountID] = done
			t.mu.Unlock()
			return func() { t.end(accountID, done) }, nil
		}
		t.waiting++
		t.mu.Unlock()
		err := wait(ctx, done)
		t.mu.Lock()
		t.waiting--
		t.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
}

// wait waits until done is closed or ctx ends, and returns the context's error in that case.
func wait(ctx context.Context, done <-chan struct{}) error {
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// waiters returns how many syncs wait for a turn.
func (t *turns) waiters() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.waiting
}

// end ends the turn that done stands for.
func (t *turns) end(accountID int64, done chan struct{}) {
	t.mu.Lock()
	delete(t.held, accountID)
	t.mu.Unlock()
	close(done)
}
