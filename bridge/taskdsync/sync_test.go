package taskdsync_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
	"github.com/taskgate/taskgate/taskd"
)

func decode(t *testing.T, lines [][]byte) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, l := range lines {
		var m map[string]any
		require.NoError(t, json.Unmarshal(l, &m), string(l))
		out[m["uuid"].(string)] = m
	}
	return out
}

// TestTwoDeviceTrace is the two-client trace of docs/protocols/taskd.md §5.5a, with taskgate's
// merge: B's edit of another property survives A's.
func TestTwoDeviceTrace(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		h := newHousehold(t, st, zaptest.NewLogger(t))
		t1, t2 := uuid.New(), uuid.New()

		empty := h.sync("")
		require.Equal(t, taskd.StatusNoChange, empty.Code)
		require.Empty(t, empty.Key)

		r1 := h.sync("", line(t1, 0, `,"project":"one"`), line(t2, 0, ""))
		require.Equal(t, taskd.StatusOK, r1.Code)
		require.Empty(t, r1.Tasks, "uploads without conflict are not echoed")
		k1 := r1.Key

		b := h.sync("")
		require.Equal(t, taskd.StatusOK, b.Code)
		require.Len(t, b.Tasks, 2)
		require.Equal(t, k1, b.Key)

		a := h.sync(k1, `{"description":"A edit","entry":"20261122T150000Z","modified":"20261122T150320Z","project":"one","status":"pending","uuid":"`+t1.String()+`"}`)
		require.Equal(t, taskd.StatusOK, a.Code)
		require.Empty(t, a.Tasks)
		k2 := a.Key

		bEdit := h.sync(k1, `{"description":"task","entry":"20261122T150000Z","modified":"20261122T150230Z","project":"two","status":"pending","uuid":"`+t1.String()+`"}`)
		require.Equal(t, taskd.StatusOK, bEdit.Code)
		got := decode(t, bEdit.Tasks)
		require.Equal(t, "A edit", got[t1.String()]["description"], "A's description survives")
		require.Equal(t, "two", got[t1.String()]["project"], "B's project applies")
		k3 := bEdit.Key

		again := h.sync(k2)
		require.Equal(t, taskd.StatusOK, again.Code)
		require.Equal(t, "two", decode(t, again.Tasks)[t1.String()]["project"])
		require.Equal(t, k3, again.Key)

		require.Equal(t, taskd.StatusNoChange, h.sync(k3).Code)
	})
}

// TestRetryIsIdempotent re-sends an upload whose answer was lost: same result, no new version.
func TestRetryIsIdempotent(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		h := newHousehold(t, st, zaptest.NewLogger(t))
		id := uuid.New()
		first := h.sync("", line(id, 10, `,"tags":["home"]`))
		retry := h.sync("", line(id, 10, `,"tags":["home"]`))
		require.Equal(t, first.Key, retry.Key, "no new version")
		require.Equal(t, taskd.StatusOK, retry.Code)
		require.Equal(t, taskd.StatusNoChange, h.sync(retry.Key).Code)
	})
}

// TestUnknownKeyIsAFirstSync answers a key from another server with every task.
func TestUnknownKeyIsAFirstSync(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		h := newHousehold(t, st, zaptest.NewLogger(t))
		h.sync("", line(uuid.New(), 1, ""), line(uuid.New(), 2, ""))
		r := h.sync(uuid.NewString())
		require.Equal(t, taskd.StatusOK, r.Code)
		require.Len(t, r.Tasks, 2)
	})
}

// TestSyncInitIntoNonEmptyAccount merges a keyless full upload instead of failing.
func TestSyncInitIntoNonEmptyAccount(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		h := newHousehold(t, st, zaptest.NewLogger(t))
		shared, mine := uuid.New(), uuid.New()
		h.sync("", line(shared, 5, `,"tags":["server"]`))
		r := h.sync("", line(shared, 1, `,"tags":["laptop"]`), line(mine, 1, ""))
		require.Equal(t, taskd.StatusOK, r.Code)
		got := decode(t, r.Tasks)
		require.ElementsMatch(t, []any{"laptop", "server"}, got[shared.String()]["tags"], "both tags kept")
	})
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		h := newHousehold(t, st, zaptest.NewLogger(t))
		ctx := context.Background()
		code := func(c taskd.Credentials) int {
			_, err := h.svc.Authenticate(ctx, c)
			if err == nil {
				return taskd.StatusOK
			}
			var se *taskd.StatusError
			require.ErrorAs(t, err, &se)
			return se.Code
		}
		good := h.cred
		require.Equal(t, taskd.StatusOK, code(good))
		bad := good
		bad.Key = uuid.NewString()
		require.Equal(t, taskd.StatusAccessDenied, code(bad))
		bad = good
		bad.Org = "Other"
		require.Equal(t, taskd.StatusAccessDenied, code(bad))
		bad = good
		bad.User = "mallory"
		require.Equal(t, taskd.StatusAccessDenied, code(bad))

		require.NoError(t, st.TaskdOrgPut(ctx, store.TaskdOrg{Name: "Public", Redirect: "new.example:53589"}))
		require.Equal(t, taskd.StatusRedirect, code(good))
		require.NoError(t, st.TaskdOrgPut(ctx, store.TaskdOrg{Name: "Public", Suspended: true}))
		require.Equal(t, taskd.StatusSuspended, code(good))
		require.NoError(t, st.TaskdOrgPut(ctx, store.TaskdOrg{Name: "Public"}))
		require.NoError(t, st.AccountSetStatus(ctx, h.acct.ID, store.StatusSuspended))
		require.Equal(t, taskd.StatusSuspended, code(good))
		require.NoError(t, st.AccountSetStatus(ctx, h.acct.ID, store.StatusTerminated))
		require.Equal(t, taskd.StatusTerminated, code(good))
	})
}
