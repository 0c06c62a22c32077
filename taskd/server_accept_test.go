package taskd

import (
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"
)

// temporaryError is an accept error the server should retry.
type temporaryError struct{}

func (temporaryError) Error() string   { return "too many open files" }
func (temporaryError) Temporary() bool { return true }
func (temporaryError) Timeout() bool   { return false }

// scriptedListener returns the scripted errors from Accept, then blocks until closed.
type scriptedListener struct {
	mu      sync.Mutex
	errs    []error
	accepts int
	closed  chan struct{}
	once    sync.Once
}

func newScriptedListener(errs ...error) *scriptedListener {
	return &scriptedListener{errs: errs, closed: make(chan struct{})}
}

func (l *scriptedListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	l.accepts++
	if len(l.errs) > 0 {
		err := l.errs[0]
		l.errs = l.errs[1:]
		l.mu.Unlock()
		return nil, err
	}
	l.mu.Unlock()
	<-l.closed
	return nil, net.ErrClosed
}

func (l *scriptedListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *scriptedListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }

// acceptCount returns how often Accept was called.
func (l *scriptedListener) acceptCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.accepts
}

// newTestServer returns a server that is never given real connections.
func newTestServer(t *testing.T) *Server {
	t.Helper()
	pki := newTestPKI(t)
	cfg, err := ServerTLSConfig(pki.server, pki.ca.pool, TLSOptions{})
	require.NoError(t, err)
	srv, err := New(Config{TLS: cfg}, &fakeBackend{}, zaptest.NewLogger(t))
	require.NoError(t, err)
	return srv
}

func TestServeRetriesTemporaryAcceptErrors(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	ln := newScriptedListener(temporaryError{}, temporaryError{}, temporaryError{})
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	require.Eventually(t, func() bool { return ln.acceptCount() == 4 }, 5*time.Second, time.Millisecond)
	require.NoError(t, srv.Close())
	require.NoError(t, <-served)
}

func TestServeReturnsPermanentAcceptError(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	boom := errors.New("listener broken")
	err := srv.Serve(newScriptedListener(boom))
	require.ErrorIs(t, err, boom)
	require.NoError(t, srv.Close())
}

func TestServeBackoffStopsOnClose(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	errs := make([]error, 20) // enough to reach the 1 s maximum backoff
	for i := range errs {
		errs[i] = temporaryError{}
	}
	ln := newScriptedListener(errs...)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	require.Eventually(t, func() bool { return ln.acceptCount() >= 9 }, 10*time.Second, time.Millisecond)

	start := time.Now()
	require.NoError(t, srv.Close())
	require.NoError(t, <-served)
	require.Less(t, time.Since(start), 500*time.Millisecond, "Close interrupts the backoff sleep")
}
