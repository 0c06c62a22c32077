package taskdsync

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestTurns: one account's turn is held by one sync at a time, the next one waits for it or for
// its context, another account never waits, and nothing is kept once every turn ended.
func TestTurns(t *testing.T) {
	var tu turns
	first, err := tu.take(t.Context(), 1)
	require.NoError(t, err)
	other, err := tu.take(t.Context(), 2)
	require.NoError(t, err, "another account does not wait")
	other()

	short, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	_, err = tu.take(short, 1)
	require.ErrorIs(t, err, context.DeadlineExceeded, "the account's turn is held")

	got := make(chan func())
	go func() {
		next, err := tu.take(t.Context(), 1)
		if err != nil {
			next = nil
		}
		got <- next
	}()
	require.Eventually(t, func() bool { return tu.waiters() == 1 }, 10*time.Second, time.Millisecond, "the next sync waits")
	first()
	next := <-got
	require.NotNil(t, next, "the waiting sync takes the turn once it ends")
	next()
	require.Empty(t, tu.held)
}
