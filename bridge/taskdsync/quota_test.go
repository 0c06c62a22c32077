package taskdsync_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
	"github.com/taskgate/taskgate/taskd"
)

// quotaObserver records the refusals a service reports.
type quotaObserver struct{ refused []string }

func (o *quotaObserver) ObserveSync(int, time.Duration) {}

func (o *quotaObserver) ObserveRefusal(protocol, limit string) {
	o.refused = append(o.refused, protocol+"/"+limit)
}

func TestUploadOverQuotaIs504AndWritesNothing(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		ctx := context.Background()
		h := newHousehold(t, st, zaptest.NewLogger(t))
		core := chain.New(st, h.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy(), Quota: store.Quota{Versions: 1}})
		h.svc = taskdsync.New(st, core, zaptest.NewLogger(t))
		obs := &quotaObserver{}
		h.svc.SetObserver(obs)

		first := h.sync("", line(uuid.New(), 1, ""))
		require.Equal(t, taskd.StatusOK, first.Code)

		a, err := h.svc.Authenticate(ctx, h.cred)
		require.NoError(t, err)
		_, err = h.svc.Sync(ctx, a, taskd.SyncRequest{Key: first.Key, Tasks: [][]byte{[]byte(line(uuid.New(), 2, ""))}})
		var se *taskd.StatusError
		require.True(t, errors.As(err, &se), "%v", err)
		require.Equal(t, taskd.StatusRequestTooBig, se.Code)
		require.Equal(t, "account quota exceeded: the limit is 1 versions and the account holds 1; "+
			"ask the server's administrator to raise it", se.Status)
		require.Equal(t, []string{"taskd/quota_versions"}, obs.refused)

		ch, err := st.ChainGet(ctx, h.acct.ID)
		require.NoError(t, err)
		require.Equal(t, first.Key, ch.Latest.String(), "nothing was written")
		require.Equal(t, taskd.StatusNoChange, h.sync(first.Key).Code, "a sync that uploads nothing still works")
	})
}
