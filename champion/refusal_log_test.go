package champion_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store/sqlite"
)

// TestRefusalReasonLogged checks that the request line of a 400 or 403 carries the reason the
// client was sent, at info level, and that the protocol's normal answers carry none.
func TestRefusalReasonLogged(t *testing.T) {
	t.Parallel()
	st, err := sqlite.Open(t.Context(), sqlite.Options{Dir: t.TempDir(), Migrate: true})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	allowed := uuid.New()
	cfg := champion.DefaultConfig()
	cfg.MaxBody = 4
	cfg.AllowClientIDs = []uuid.UUID{allowed}
	core, logs := observer.New(zap.InfoLevel)
	h := &harness{t: t, st: st}
	h.handler = champion.New(cfg, st, chain.New(st, keys.MasterKey{}, cfg.CoreConfig()), zap.New(core)).Handler()
	add := "/v1/client/add-version/" + uuid.Nil.String()
	tests := []struct {
		name   string
		req    req
		status int
		reason string
	}{
		{"BadClientID", req{method: http.MethodPost, path: add, contentType: champion.ContentTypeHistorySegment,
			clientID: "not-a-uuid", body: []byte("v")}, http.StatusBadRequest, "bad x-client-id"},
		{"BadContentType", req{method: http.MethodPost, path: add, contentType: "text/plain",
			clientID: allowed.String(), body: []byte("v")}, http.StatusBadRequest, "Bad content-type"},
		{"TooLarge", req{method: http.MethodPost, path: add, contentType: champion.ContentTypeHistorySegment,
			clientID: allowed.String(), body: []byte("too large")}, http.StatusBadRequest, "overflow"},
		{"NotAllowed", req{method: http.MethodGet, path: "/v1/client/snapshot", clientID: uuid.NewString()},
			http.StatusForbidden, "unknown x-client-id"},
		{"NormalNotFound", req{method: http.MethodGet, path: "/v1/client/snapshot", clientID: allowed.String()},
			http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		rec := h.do(tt.req)
		require.Equalf(t, tt.status, rec.Code, "%s: %s", tt.name, rec.Body.String())
		entries := logs.TakeAll()
		require.Lenf(t, entries, 1, "%s: one line per request", tt.name)
		require.Equal(t, zap.InfoLevel, entries[0].Level)
		require.Equal(t, "request", entries[0].Message)
		reason, ok := entries[0].ContextMap()["reason"]
		if tt.reason == "" {
			require.Falsef(t, ok, "%s: no reason on a normal answer", tt.name)
			continue
		}
		require.Equalf(t, tt.reason, reason, "%s", tt.name)
	}
}
