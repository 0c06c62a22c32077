package gateway

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/keys/keystest"
)

// brokenStore fails the readiness checks as told.
type brokenStore struct {
	ping, schema error
	check        []byte
}

func (b brokenStore) Ping(context.Context) error                  { return b.ping }
func (b brokenStore) CheckSchema(context.Context) error           { return b.schema }
func (b brokenStore) KeyCheckGet(context.Context) ([]byte, error) { return b.check, nil }

// TestReadyz answers 200 when every check passes and 503 with a one-line reason otherwise;
// /healthz answers 200 regardless.
func TestReadyz(t *testing.T) {
	t.Parallel()
	key := keystest.NewMasterKey(t)
	check, err := key.SealCheck()
	require.NoError(t, err)
	tests := []struct {
		name     string
		st       brokenStore
		stopping bool
		code     int
		body     string
	}{
		{"ready", brokenStore{check: check}, false, http.StatusOK, "ready\n"},
		{"store down", brokenStore{ping: errors.New("connection refused\nmore")}, false, http.StatusServiceUnavailable,
			"not ready: the store does not answer: connection refused\n"},
		{"schema", brokenStore{schema: errors.New("schema version 6, this taskgate knows 5")}, false, http.StatusServiceUnavailable,
			"not ready: the store's schema is not current: schema version 6, this taskgate knows 5\n"},
		{"key", brokenStore{check: []byte("another key's check")}, false, http.StatusServiceUnavailable,
			"not ready: " + ErrWrongMasterKey.Error() + "\n"},
		{"stopping", brokenStore{check: check}, true, http.StatusServiceUnavailable, "not ready: shutting down\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := &health{st: tt.st, key: key}
			h.stopping.Store(tt.stopping)
			srv := httptest.NewServer(newAdminHandler(h.routes))
			defer srv.Close()
			requireGet(t, srv.URL+"/readyz", tt.code, tt.body)
			requireGet(t, srv.URL+"/healthz", http.StatusOK, "ok\n")
		})
	}
}

func requireGet(t *testing.T, url string, code int, body string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b := make([]byte, 4096)
	n, _ := resp.Body.Read(b)
	require.Equal(t, code, resp.StatusCode, url)
	require.Equal(t, body, string(b[:n]), url)
}
