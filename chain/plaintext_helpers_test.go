package chain_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/keys/keystest"
	"github.com/taskgate/taskgate/store"
)

// engine is what these tests need of a store.
type engine interface {
	champion.Store
	TasksAll(ctx context.Context, accountID int64) ([]store.TaskState, error)
	AccountCreate(ctx context.Context, p store.AccountCreateParams) (store.Account, error)
}

// account is a plaintext account behind a champion handler with the replica plugged in.
type account struct {
	tb       testing.TB
	st       engine
	id       int64
	clientID uuid.UUID
	key      codec.Key
	master   keys.MasterKey
	handler  http.Handler
}

// core returns a chain core over the account's store with its master key.
func (a *account) core(tb testing.TB) *chain.Core {
	tb.Helper()
	return chain.New(a.st, a.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy()})
}

func newAccount(tb testing.TB, st engine, mode store.Mode, log *zap.Logger) *account {
	master := keystest.NewMasterKey(tb)
	clientID, secret := uuid.New(), []byte("household secret")
	p := store.AccountCreateParams{Name: "home-" + clientID.String()[:8], Mode: mode, ClientID: clientID}
	if mode == store.ModePlaintext {
		ak, err := chain.SealAccountKey(master, clientID, secret)
		require.NoError(tb, err)
		p.Key = &ak
	}
	acct, err := st.AccountCreate(context.Background(), p)
	require.NoError(tb, err)
	cfg := champion.DefaultConfig()
	h := champion.New(cfg, st, chain.New(st, master, cfg.CoreConfig()), log).Handler()
	return &account{tb: tb, st: st, id: acct.ID, clientID: clientID, key: codec.DeriveKey(secret, clientID), master: master, handler: h}
}

func (a *account) do(method, path, contentType string, body []byte) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, bytes.NewReader(body))
	r.Header.Set(champion.HeaderClientID, a.clientID.String())
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, r)
	return rec
}

// add seals ops with key after parent and sends them as a new version.
func (a *account) add(key codec.Key, parent uuid.UUID, ops ...codec.Op) *httptest.ResponseRecorder {
	sealed, err := codec.SealSegment(key, parent, ops)
	require.NoError(a.tb, err)
	return a.do(http.MethodPost, "/v1/client/add-version/"+parent.String(), champion.ContentTypeHistorySegment, sealed)
}

// mustAdd adds ops sealed with the account's key and returns the new version id.
func (a *account) mustAdd(parent uuid.UUID, ops ...codec.Op) uuid.UUID {
	a.tb.Helper()
	rec := a.add(a.key, parent, ops...)
	require.Equal(a.tb, http.StatusOK, rec.Code, rec.Body.String())
	return uuid.MustParse(rec.Header().Get(champion.HeaderVersionID))
}
