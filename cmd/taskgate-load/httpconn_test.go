package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// newTestConn returns an httpConn to srv.
func newTestConn(t *testing.T, srv *httptest.Server, timeout time.Duration) *httpConn {
	t.Helper()
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	return newHTTPConn(u, timeout)
}

func TestHTTPConnRoundTrips(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Echo", r.Header.Get("X-Client-Id")+" "+r.Method+" "+r.URL.Path)
		switch r.URL.Path {
		case "/close":
			w.Header().Set("Connection", "close")
		case "/chunked":
			w.(http.Flusher).Flush() // headers go out first: the body is sent chunked
		}
		_, _ = w.Write(bytes.ToUpper(body))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c := newTestConn(t, srv, 5*time.Second)
	var buf bytes.Buffer

	tests := []struct {
		method, path string
		body         []byte
		want         string
		conns        int32 // connections opened so far
	}{
		{http.MethodPost, "/a", []byte("abc"), "ABC", 1},
		{http.MethodGet, "/b", nil, "", 1},
		{http.MethodPost, "/chunked", []byte(strings.Repeat("x", 5000)), strings.Repeat("X", 5000), 1},
		{http.MethodPost, "/close", []byte("z"), "Z", 1},
		{http.MethodGet, "/after-close", nil, "", 2},
	}
	for _, tt := range tests {
		status, h, err := c.roundTrip(t.Context(), tt.method, tt.path, []headerField{{"X-Client-Id", "c1"}}, tt.body, &buf)
		require.NoError(t, err, tt.path)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "c1 "+tt.method+" "+tt.path, h.Get("X-Echo"))
		require.Equal(t, tt.want, buf.String(), tt.path)
		require.Equal(t, tt.conns, conns.Load(), "connections after %s", tt.path)
	}
}

func TestHTTPConnFailures(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-release
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	var buf bytes.Buffer

	t.Run("Timeout", func(t *testing.T) {
		c := newTestConn(t, srv, 100*time.Millisecond)
		_, _, err := c.roundTrip(t.Context(), http.MethodGet, "/slow", nil, nil, &buf)
		require.ErrorContains(t, err, "timeout")
		status, _, err := c.roundTrip(t.Context(), http.MethodGet, "/fast", nil, nil, &buf)
		require.NoError(t, err, "a new connection serves the next request")
		require.Equal(t, http.StatusOK, status)
	})
	t.Run("Cancelled", func(t *testing.T) {
		c := newTestConn(t, srv, time.Minute)
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, _, err := c.roundTrip(ctx, http.MethodGet, "/slow", nil, nil, &buf)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Less(t, time.Since(start), 10*time.Second)
	})
	t.Run("Refused", func(t *testing.T) {
		u, err := url.Parse("http://127.0.0.1:1")
		require.NoError(t, err)
		_, _, err = newHTTPConn(u, time.Second).roundTrip(t.Context(), http.MethodGet, "/", nil, nil, &buf)
		require.ErrorContains(t, err, "connect")
	})
	t.Run("UntrustedCertificate", func(t *testing.T) {
		tlsSrv := httptest.NewTLSServer(http.NotFoundHandler())
		t.Cleanup(tlsSrv.Close)
		_, _, err := newTestConn(t, tlsSrv, time.Second).roundTrip(t.Context(), http.MethodGet, "/", nil, nil, &buf)
		require.ErrorContains(t, err, "TLS handshake")
	})
}

func TestAppendRequest(t *testing.T) {
	got := appendRequest(nil, "POST", "/v1/x", "h:1", []headerField{{"A", "b"}}, []byte("body"))
	require.Equal(t, "POST /v1/x HTTP/1.1\r\nHost: h:1\r\nUser-Agent: taskgate-load\r\nA: b\r\nContent-Length: 4\r\n\r\nbody", string(got))
	got = appendRequest(got[:0], "GET", "/", "h", nil, nil)
	require.Equal(t, "GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: taskgate-load\r\n\r\n", string(got))
}
