package champion_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/store"
)

// stalledStore is a store whose chain lock is never granted: ChainUpdate waits for the
// request's context, as a real one does behind a lock holder that never lets go.
type stalledStore struct{ testStore }

func (s stalledStore) ChainUpdate(ctx context.Context, _ int64, _ func(context.Context, store.ChainTx) error) error {
	<-ctx.Done()
	return ctx.Err()
}

// TestRequestDeadline: a request whose store work outlives RequestTimeout is answered 503 with
// a reason, not left waiting until the client gives up.
func TestRequestDeadline(t *testing.T) {
	t.Parallel()
	forEachStore(t, func(t *testing.T, st testStore) {
		h := newHarness(t, stalledStore{st}, func(c *champion.Config) { c.RequestTimeout = 50 * time.Millisecond })
		client := uuid.New()
		rec := h.addVersion(client, uuid.Nil, "v1") // an unknown client takes the locked path
		require.Equal(t, http.StatusServiceUnavailable, rec.Code)
		require.Contains(t, rec.Body.String(), "busy")
	})
}
