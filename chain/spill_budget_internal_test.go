package chain

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSpillBudgetRefusalCountsNothing: a write too large to fit, tried again and again, never
// makes a write that fits fail meanwhile, and takes nothing.
func TestSpillBudgetRefusalCountsNothing(t *testing.T) {
	b := &spillBudget{limit: 100}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				if b.take(1000, 0) == nil {
					t.Error("a write larger than the limit was taken")
					return
				}
			}
		}
	})
	for range 100_000 {
		if err := b.take(60, 0); err != nil {
			close(stop)
			wg.Wait()
			t.Fatalf("a write that fits was refused: %v", err)
		}
		b.release(60)
	}
	close(stop)
	wg.Wait()
	require.Zero(t, b.used.Load())
}
