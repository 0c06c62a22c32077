package taskdsync_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/keys/keystest"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

// engine is what these tests need of a store.
type engine interface {
	taskdsync.Store
	chain.Store
	chain.SharedLock
	AccountCreate(ctx context.Context, p store.AccountCreateParams) (store.Account, error)
	AccountSetStatus(ctx context.Context, id int64, s store.Status) error
	TaskdOrgPut(ctx context.Context, o store.TaskdOrg) error
	ChainGet(ctx context.Context, accountID int64) (store.Chain, error)
}

// household is one plaintext account with taskd credentials and a taskd service over it.
type household struct {
	tb     testing.TB
	st     engine
	svc    *taskdsync.Service
	acct   store.Account
	cred   taskd.Credentials
	master keys.MasterKey
}

func newHousehold(tb testing.TB, st engine, log *zap.Logger) *household {
	master := keystest.NewMasterKey(tb)
	clientID, key := uuid.New(), uuid.New()
	ak, err := chain.SealAccountKey(master, clientID, []byte("secret"))
	require.NoError(tb, err)
	user := "alice-" + clientID.String()[:8]
	acct, err := st.AccountCreate(context.Background(), store.AccountCreateParams{
		Name: user, Mode: store.ModePlaintext, ClientID: clientID, Key: &ak,
		Taskd: &store.TaskdCredential{Org: "Public", User: user, Key: key},
	})
	require.NoError(tb, err)
	svc := taskdsync.New(st, chain.New(st, master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy()}), log)
	return &household{tb: tb, st: st, svc: svc, acct: acct, cred: taskd.Credentials{Org: "Public", User: user, Key: key.String()}, master: master}
}

// sync authenticates and syncs like a 2.x client: its key and its backlog lines.
func (h *household) sync(key string, lines ...string) taskd.SyncResponse {
	h.tb.Helper()
	resp, err := h.trySync(key, lines...)
	require.NoError(h.tb, err)
	return resp
}

// refused syncs as sync does, and requires the sync to be refused with a taskd status.
func (h *household) refused(key string, lines ...string) *taskd.StatusError {
	h.tb.Helper()
	_, err := h.trySync(key, lines...)
	var se *taskd.StatusError
	require.ErrorAs(h.tb, err, &se)
	return se
}

// trySync authenticates and syncs lines with key, as Taskwarrior 2.6.2.
func (h *household) trySync(key string, lines ...string) (taskd.SyncResponse, error) {
	ctx := context.Background()
	a, err := h.svc.Authenticate(ctx, h.cred)
	require.NoError(h.tb, err)
	req := taskd.SyncRequest{Key: key, Client: "task 2.6.2"}
	for _, l := range lines {
		req.Tasks = append(req.Tasks, []byte(l))
	}
	return h.svc.Sync(ctx, a, req)
}

// line is a 2.x task line.
func line(id uuid.UUID, modified int, extra string) string {
	return fmt.Sprintf(`{"description":"task","entry":"20261122T150000Z","modified":"20261122T15%02d%02dZ",`+
		`"status":"pending","uuid":"%s"%s}`, modified/60, modified%60, id, extra)
}
