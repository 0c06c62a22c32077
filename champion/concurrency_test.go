package champion_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion"
)

// TestConcurrentAddVersion races many writers on one client: exactly one linear chain results,
// every loser gets 409 naming the head, and no request gets a 5xx. Both stores.
func TestConcurrentAddVersion(t *testing.T) {
	t.Parallel()
	forEachStore(t, func(t *testing.T, st testStore) {
		h := newHarness(t, st, nil)
		client := uuid.New()
		const workers, rounds = 8, 25
		var mu sync.Mutex
		codes := map[int]int{}
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				parent := uuid.Nil
				for r := 0; r < rounds; r++ {
					rec := h.addVersion(client, parent, "v")
					mu.Lock()
					codes[rec.Code]++
					mu.Unlock()
					switch rec.Code {
					case http.StatusOK:
						parent = uuid.MustParse(rec.Header().Get(champion.HeaderVersionID))
					case http.StatusConflict:
						parent = uuid.MustParse(rec.Header().Get(champion.HeaderParentVersionID))
					}
				}
			}()
		}
		wg.Wait()
		require.Equal(t, workers*rounds, codes[http.StatusOK]+codes[http.StatusConflict], "codes: %v", codes)
		// Walk the chain from nil: it must contain exactly the accepted versions, linearly.
		n, parent := 0, uuid.Nil
		for {
			rec := h.getChild(client, parent)
			if rec.Code == http.StatusNotFound {
				break
			}
			require.Equal(t, http.StatusOK, rec.Code)
			parent = uuid.MustParse(rec.Header().Get(champion.HeaderVersionID))
			n++
		}
		require.Equal(t, codes[http.StatusOK], n)
	})
}

// TestConcurrentFirstRequests sends many first add-versions of one new client at once: exactly
// one wins, the rest get 409, none fails.
func TestConcurrentFirstRequests(t *testing.T) {
	t.Parallel()
	forEachStore(t, func(t *testing.T, st testStore) {
		h := newHarness(t, st, nil)
		client := uuid.New()
		var wg sync.WaitGroup
		codes := make([]int, 16)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = h.addVersion(client, uuid.Nil, "first").Code
			}()
		}
		wg.Wait()
		ok := 0
		for _, c := range codes {
			require.Contains(t, []int{http.StatusOK, http.StatusConflict}, c)
			if c == http.StatusOK {
				ok++
			}
		}
		require.Equal(t, 1, ok)
	})
}
