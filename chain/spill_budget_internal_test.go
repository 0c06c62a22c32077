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

// TestSpillWriteAtCountsWhatItAdds: a write over the end of a spill file counts only the bytes
// the file grows by, or, when the budget cannot take them, changes nothing; one that would
// shrink the file is refused.
func TestSpillWriteAtCountsWhatItAdds(t *testing.T) {
	budget := &spillBudget{limit: 16}
	s := spill{dir: t.TempDir(), budget: budget}
	defer func() { require.NoError(t, s.close()) }()
	_, err := s.write([]byte("0123456789"))
	require.NoError(t, err)
	sp, err := s.writeAt(4, []byte("abcdefghij"))
	require.NoError(t, err)
	require.Equal(t, span{off: 4, n: 10}, sp)
	require.EqualValues(t, 14, s.size)
	require.EqualValues(t, 14, budget.used.Load())
	got, err := s.read(span{off: 0, n: 14})
	require.NoError(t, err)
	require.Equal(t, "0123abcdefghij", string(got))

	var full *SpillLimitError
	_, err = s.writeAt(10, []byte("0123456789"))
	require.ErrorAs(t, err, &full)
	_, err = s.writeAt(2, []byte("x"))
	require.Error(t, err)
	require.EqualValues(t, 14, s.size)
	require.EqualValues(t, 14, budget.used.Load())
	got, err = s.read(span{off: 0, n: 14})
	require.NoError(t, err)
	require.Equal(t, "0123abcdefghij", string(got), "the refused writes changed nothing")
}
