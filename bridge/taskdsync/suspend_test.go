package taskdsync_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
	"github.com/taskgate/taskgate/taskd"
)

// suspendBeforeLock is a store whose next ChainUpdate first suspends the account, in a
// transaction of its own: the suspension commits after the sync authenticated and before it
// holds the chain lock, the window in which a check made only before the lock misses it.
type suspendBeforeLock struct {
	engine
	status store.Status
}

func (s *suspendBeforeLock) ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	if err := s.AccountSetStatus(ctx, accountID, s.status); err != nil {
		return err
	}
	return s.engine.ChainUpdate(ctx, accountID, fn)
}

// TestStatusReadUnderLock suspends (or terminates) an account between a sync's authentication
// and its chain lock: the sync is refused with the account's status code and appends nothing.
func TestStatusReadUnderLock(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status store.Status
		code   int
	}{{store.StatusSuspended, taskd.StatusSuspended}, {store.StatusTerminated, taskd.StatusTerminated}} {
		t.Run(string(tc.status), func(t *testing.T) {
			t.Parallel()
			testengines.Each(t, func(t *testing.T, st engine) {
				h := newHousehold(t, st, zap.NewNop())
				a, err := h.svc.Authenticate(t.Context(), h.cred)
				require.NoError(t, err)
				racing := &suspendBeforeLock{engine: st, status: tc.status}
				svc := taskdsync.New(st, chain.New(racing, h.master, chain.Config{}), zap.NewNop())
				_, err = svc.Sync(t.Context(), a, taskd.SyncRequest{Client: "task 2.6.2", Tasks: [][]byte{[]byte(line(uuid.New(), 0, ""))}})
				var se *taskd.StatusError
				require.True(t, errors.As(err, &se), "got %v", err)
				require.Equal(t, tc.code, se.Code)
				ch, err := st.ChainGet(t.Context(), h.acct.ID)
				require.NoError(t, err)
				require.Zero(t, ch.LatestSeq, "nothing appended")
			})
		})
	}
}
