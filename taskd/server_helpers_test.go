package taskd

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest"
	"go.uber.org/zap/zaptest/observer"
)

// fakeBackend is a Backend whose behaviour each test sets through function fields.
type fakeBackend struct {
	authenticate func(ctx context.Context, c Credentials) (Account, error)
	sync         func(ctx context.Context, a Account, req SyncRequest) (SyncResponse, error)
	statistics   func(ctx context.Context, a Account) (map[string]string, error)
}

// Authenticate accepts testAccountKey in org Public unless overridden.
func (f *fakeBackend) Authenticate(ctx context.Context, c Credentials) (Account, error) {
	if f.authenticate != nil {
		return f.authenticate(ctx, c)
	}
	if c.Org != "Public" || c.Key != testAccountKey {
		return Account{}, AccessDenied(errors.New("unknown org or key"))
	}
	return Account{ID: 7, Org: c.Org, User: c.User}, nil
}

// Sync answers 201 with the client's key unless overridden.
func (f *fakeBackend) Sync(ctx context.Context, a Account, req SyncRequest) (SyncResponse, error) {
	if f.sync != nil {
		return f.sync(ctx, a, req)
	}
	return SyncResponse{Code: StatusNoChange, Key: req.Key}, nil
}

// Statistics returns one value unless overridden.
func (f *fakeBackend) Statistics(ctx context.Context, a Account) (map[string]string, error) {
	if f.statistics != nil {
		return f.statistics(ctx, a)
	}
	return map[string]string{"uptime": "1"}, nil
}

// testBundle is a server listening on 127.0.0.1 with its PKI and captured logs.
type testBundle struct {
	srv    *Server
	addr   string
	pki    *testPKI
	logs   *observer.ObservedLogs
	served chan error
}

// setup starts a server with cfg (TLS filled in) and backend; it is closed at the end of the
// test, and its logs are checked for secrets.
func setup(t testing.TB, cfg Config, backend Backend) *testBundle {
	t.Helper()
	pki := newTestPKI(t)
	if cfg.TLS == nil {
		tlsCfg, err := ServerTLSConfig(pki.server, pki.ca.pool, TLSOptions{})
		require.NoError(t, err)
		cfg.TLS = tlsCfg
	}
	cfg.Version = "1.2.3"
	core, logs := observer.New(zapcore.DebugLevel)
	log := zap.New(zapcore.NewTee(zaptest.NewLogger(t).Core(), core))
	srv, err := New(cfg, backend, log)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	b := &testBundle{srv: srv, addr: ln.Addr().String(), pki: pki, logs: logs, served: make(chan error, 1)}
	go func() { b.served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		require.NoError(t, srv.Close())
		require.NoError(t, <-b.served)
		// Connection goroutines must be gone before the test's logger is.
		require.Eventually(t, func() bool { return srv.activeConns() == 0 }, 10*time.Second, 5*time.Millisecond)
		b.requireNoSecretsLogged(t)
	})
	return b
}

// requireNoSecretsLogged fails if any log entry mentions the account key or task data.
func (b *testBundle) requireNoSecretsLogged(t testing.TB) {
	t.Helper()
	for _, e := range b.logs.All() {
		text := e.Message
		for _, f := range e.Context {
			enc := zapcore.NewMapObjectEncoder()
			f.AddTo(enc)
			for _, v := range enc.Fields {
				text += " " + toString(v)
			}
		}
		for _, secret := range []string{testAccountKey, "description", testKey} {
			require.NotContains(t, text, secret, "log entry %q leaks a secret", e.Message)
		}
	}
}

// toString renders a logged field value.
func toString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case error:
		return v.Error()
	default:
		return ""
	}
}

// dial opens a TLS connection presenting certs and completes the client side of the handshake.
func (b *testBundle) dial(t testing.TB, certs ...tls.Certificate) (*tls.Conn, error) {
	t.Helper()
	d := &net.Dialer{Timeout: 5 * time.Second}
	nc, err := d.Dial("tcp", b.addr)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { _ = nc.Close() })
	require.NoError(t, nc.SetDeadline(time.Now().Add(10*time.Second)))
	tc := tls.Client(nc, b.pki.clientConfig(certs...))
	if err := tc.Handshake(); err != nil {
		return nil, err
	}
	return tc, nil
}

// exchange sends one raw request message and returns the raw response message.
func (b *testBundle) exchange(t *testing.T, request string, certs ...tls.Certificate) (string, error) {
	t.Helper()
	tc, err := b.dial(t, certs...)
	if err != nil {
		return "", err
	}
	if err := WriteFrame(tc, []byte(request)); err != nil {
		return "", err
	}
	resp, err := ReadFrame(tc, 1<<30)
	if err != nil {
		return "", err
	}
	_ = tc.Close()
	return string(resp), nil
}

// mustExchange is exchange with the client certificate, failing on error.
func (b *testBundle) mustExchange(t *testing.T, request string) string {
	t.Helper()
	resp, err := b.exchange(t, request, b.pki.client)
	require.NoError(t, err)
	return resp
}

// request builds a request message from headers and payload as Taskwarrior does.
func request(headers map[string]string, payload string) string {
	return string(Message{Headers: headers, Payload: payload}.Encode()) + "\n"
}

// gate lets a test hold a backend call until it is released.
type gate struct {
	entered chan struct{}
	release chan struct{}
	once    sync.Once
}

// newGate returns a closed-for-now gate.
func newGate() *gate {
	return &gate{entered: make(chan struct{}, 16), release: make(chan struct{})}
}

// wait records the entry and blocks until release or ctx ends.
func (g *gate) wait(ctx context.Context) error {
	g.entered <- struct{}{}
	select {
	case <-g.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// open releases every waiting and future call.
func (g *gate) open() { g.once.Do(func() { close(g.release) }) }

// readsNothing asserts that the peer closes the connection without sending a frame.
func readsNothing(t *testing.T, r io.Reader) {
	t.Helper()
	_, err := ReadFrame(r, 1<<20)
	require.Error(t, err)
	var tooBig *FrameTooBigError
	require.False(t, errors.As(err, &tooBig))
}

// containsLog reports whether a log entry's message contains s.
func (b *testBundle) containsLog(s string) bool {
	for _, e := range b.logs.All() {
		if strings.Contains(e.Message, s) {
			return true
		}
	}
	return false
}
