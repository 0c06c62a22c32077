package champion_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store/testengines"
)

// testStore is a champion.Store that tests can also close.
type testStore interface {
	champion.Store
	Close() error
}

// forEachStore runs fn on a fresh SQLite store and a fresh PostgreSQL schema.
func forEachStore(t *testing.T, fn func(t *testing.T, st testStore)) {
	t.Helper()
	testengines.Each(t, fn)
}

// harness drives one champion handler with an adjustable clock.
type harness struct {
	t       *testing.T
	st      testStore
	handler http.Handler
	now     time.Time
}

func newHarness(t *testing.T, st testStore, mutate func(*champion.Config)) *harness {
	h := &harness{t: t, st: st, now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	cfg := champion.DefaultConfig()
	cfg.Version = "test"
	cfg.Now = func() time.Time { return h.now }
	if mutate != nil {
		mutate(&cfg)
	}
	h.handler = champion.New(cfg, st, chain.New(st, keys.MasterKey{}, cfg.CoreConfig()), zaptest.NewLogger(t)).Handler()
	return h
}

type req struct {
	method, path, contentType string
	clientID                  string
	body                      []byte
	header                    map[string]string
}

func (h *harness) do(r req) *httptest.ResponseRecorder {
	h.t.Helper()
	hr := httptest.NewRequest(r.method, r.path, bytes.NewReader(r.body))
	if r.body == nil {
		hr = httptest.NewRequest(r.method, r.path, nil)
	}
	if r.contentType != "" {
		hr.Header.Set("Content-Type", r.contentType)
	}
	if r.clientID != "" {
		hr.Header.Set(champion.HeaderClientID, r.clientID)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.handler.ServeHTTP(rec, hr)
	return rec
}

func (h *harness) addVersion(client uuid.UUID, parent uuid.UUID, body string) *httptest.ResponseRecorder {
	return h.do(req{method: http.MethodPost, path: "/v1/client/add-version/" + parent.String(),
		contentType: champion.ContentTypeHistorySegment, clientID: client.String(), body: []byte(body)})
}

// mustAdd adds a version and returns its id.
func (h *harness) mustAdd(client, parent uuid.UUID, body string) uuid.UUID {
	h.t.Helper()
	rec := h.addVersion(client, parent, body)
	require.Equal(h.t, http.StatusOK, rec.Code, rec.Body.String())
	id, err := uuid.Parse(rec.Header().Get(champion.HeaderVersionID))
	require.NoError(h.t, err)
	return id
}

func (h *harness) getChild(client, parent uuid.UUID) *httptest.ResponseRecorder {
	return h.do(req{method: http.MethodGet, path: "/v1/client/get-child-version/" + parent.String(), clientID: client.String()})
}

func (h *harness) addSnapshot(client, version uuid.UUID, body string) *httptest.ResponseRecorder {
	return h.do(req{method: http.MethodPost, path: "/v1/client/add-snapshot/" + version.String(),
		contentType: champion.ContentTypeSnapshot, clientID: client.String(), body: []byte(body)})
}

func (h *harness) getSnapshot(client uuid.UUID) *httptest.ResponseRecorder {
	return h.do(req{method: http.MethodGet, path: "/v1/client/snapshot", clientID: client.String()})
}

// chain adds n versions for a new client and returns the client and the version ids in order.
func (h *harness) chain(n int) (uuid.UUID, []uuid.UUID) {
	client := uuid.New()
	parent := uuid.Nil
	ids := make([]uuid.UUID, 0, n)
	for i := 0; i < n; i++ {
		parent = h.mustAdd(client, parent, "v")
		ids = append(ids, parent)
	}
	return client, ids
}
