package gateway_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/gateway"
)

func testConfig(t *testing.T) gateway.Config {
	cfg := gateway.DefaultConfig()
	cfg.DataDir = t.TempDir()
	cfg.HTTPListen = []string{"127.0.0.1:0"}
	cfg.Taskd.Listen = "127.0.0.1:0"
	cfg.ShutdownTimeout = 10 * time.Second
	return cfg
}

// TestShutdownFinishesInFlightRequests stops the server while an upload is half sent: the
// upload still completes with 200 and Serve returns without error.
func TestShutdownFinishesInFlightRequests(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, err := gateway.Start(ctx, testConfig(t), zaptest.NewLogger(t))
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()

	body, w := io.Pipe()
	req, err := http.NewRequest(http.MethodPost, "http://"+srv.HTTPAddrs()[0]+"/v1/client/add-version/"+uuid.Nil.String(), body)
	require.NoError(t, err)
	req.Header.Set("Content-Type", champion.ContentTypeHistorySegment)
	req.Header.Set(champion.HeaderClientID, uuid.NewString())
	req.ContentLength = 10
	answered := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			answered <- resp
		}
		close(answered)
	}()
	_, err = w.Write([]byte("hello"))
	require.NoError(t, err)
	time.Sleep(100 * time.Millisecond) // let the request reach the handler
	cancel()
	time.Sleep(100 * time.Millisecond) // shutdown has begun and waits for the upload
	_, err = w.Write([]byte("world"))
	require.NoError(t, err)
	require.NoError(t, w.Close())

	resp, ok := <-answered
	require.True(t, ok, "the in-flight request got an answer")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, <-served)
}

func TestStartRejectsBadConfig(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.HTTPListen = []string{"nope"}
	cfg.Champion.SnapshotDays = 0
	_, err := gateway.Start(context.Background(), cfg, zaptest.NewLogger(t))
	require.ErrorContains(t, err, "--http-listen")
	require.ErrorContains(t, err, "--snapshot-days")
}

// TestMetricsListener serves Prometheus metrics that count TaskChampion requests by mode.
func TestMetricsListener(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := testConfig(t)
	cfg.MetricsListen = "127.0.0.1:0"
	srv, err := gateway.Start(ctx, cfg, zaptest.NewLogger(t))
	require.NoError(t, err)
	serveUntilCleanup(t, ctx, srv)
	addrs := srv.HTTPAddrs()
	require.Len(t, addrs, 2)

	req, err := http.NewRequest(http.MethodPost, "http://"+addrs[0]+"/v1/client/add-version/"+uuid.Nil.String(), strings.NewReader("v"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", champion.ContentTypeHistorySegment)
	req.Header.Set(champion.HeaderClientID, uuid.NewString())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	_ = resp.Body.Close()

	resp, err = http.Get("http://" + addrs[1] + "/metrics")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Contains(t, string(body), `taskgate_champion_requests_total{mode="encrypted",route="/v1/client/add-version/:parent",status="200"} 1`)
}

// TestHealthListeners: the admin listener and the metrics listener both answer /healthz and
// /readyz; the TaskChampion listener does not.
func TestHealthListeners(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := testConfig(t)
	cfg.MetricsListen, cfg.Admin.Listen = "127.0.0.1:0", "127.0.0.1:0"
	srv, err := gateway.Start(ctx, cfg, zaptest.NewLogger(t))
	require.NoError(t, err)
	serveUntilCleanup(t, ctx, srv)
	addrs := srv.HTTPAddrs()
	require.Len(t, addrs, 3)
	for _, addr := range addrs[1:] {
		for path, want := range map[string]string{"/healthz": "ok\n", "/readyz": "ready\n"} {
			resp, err := http.Get("http://" + addr + path)
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			_ = resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode, path)
			require.Equal(t, want, string(body), path)
		}
	}
	resp, err := http.Get("http://" + addrs[0] + "/readyz")
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// serveUntilCleanup serves srv until the test ends, and waits for Serve to return before the
// test is over, so that nothing is logged to a finished test.
func serveUntilCleanup(t *testing.T, ctx context.Context, srv *gateway.Server) {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}
