package taskd

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// goodRequest is a sync request the default fakeBackend answers with 201.
func goodRequest() string { return request(syncHeaders(nil), testKey+"\n") }

// good201 is the answer to goodRequest.
func good201() string { return response(201, "No change", testKey+"\n") }

func TestServerRequestTooBig(t *testing.T) {
	t.Parallel()
	want := response(504, "Request too big", "")

	tests := []struct {
		name     string
		declared uint32 // frame length, prefix included
		send     int    // body bytes actually sent
		timeout  time.Duration
	}{
		// The client sends all of a 4 MiB request before reading: only draining lets it finish.
		{name: "BodySentInFull", declared: 4 + 4<<20, send: 4 << 20},
		{name: "AtLimit", declared: 4 + 1024, send: 1024},
		// Declared beyond the drain cap: answered at once, nothing read.
		{name: "HugeDeclared", declared: 0xffffffff, send: 0},
		// The body never comes: answered when the drain falls below the minimum rate.
		{name: "BodyStalls", declared: 4 + 5000, send: 100, timeout: 300 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, Config{MaxRequestBytes: 1024, HeaderTimeout: tt.timeout}, &fakeBackend{})
			tc, err := b.dial(t, b.pki.client)
			require.NoError(t, err)
			raw := binary.BigEndian.AppendUint32(nil, tt.declared)
			raw = append(raw, bytes.Repeat([]byte("x"), tt.send)...)
			_, err = tc.Write(raw)
			require.NoError(t, err)
			got, err := ReadFrame(tc, 1<<20)
			require.NoError(t, err)
			require.Equal(t, want, string(got))
		})
	}
}

func TestServerBelowLimit(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{MaxRequestBytes: 1024}, &fakeBackend{})
	req := goodRequest()
	req += string(bytes.Repeat([]byte("\n"), 1023-len(req)))
	require.Equal(t, good201(), b.mustExchange(t, req))
}

func TestServerFrameLengthBelowHeader(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{}, &fakeBackend{})
	tc, err := b.dial(t, b.pki.client)
	require.NoError(t, err)
	_, err = tc.Write([]byte{0, 0, 0, 2})
	require.NoError(t, err)
	got, err := ReadFrame(tc, 1<<20)
	require.NoError(t, err)
	require.Equal(t, response(500, "Malformed message", ""), string(got))
}

func TestServerTornConnection(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{}, &fakeBackend{})

	tc, err := b.dial(t, b.pki.client)
	require.NoError(t, err)
	_, err = tc.Write(append([]byte{0, 0, 0, 100}, "0123456789"...))
	require.NoError(t, err)
	require.NoError(t, tc.CloseWrite())
	readsNothing(t, tc)

	require.Equal(t, good201(), b.mustExchange(t, goodRequest()))
}

func TestServerStalledClientsDoNotBlockOthers(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{HandshakeTimeout: time.Minute, HeaderTimeout: time.Minute}, &fakeBackend{})

	// One client stalls before the TLS handshake, one after it.
	raw, err := net.Dial("tcp", b.addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = raw.Close() })
	_, err = b.dial(t, b.pki.client)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return b.srv.activeConns() == 2 }, 5*time.Second, 5*time.Millisecond)

	start := time.Now()
	require.Equal(t, good201(), b.mustExchange(t, goodRequest()))
	require.Less(t, time.Since(start), 5*time.Second)
}

func TestServerHandshakeTimeout(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{HandshakeTimeout: 100 * time.Millisecond}, &fakeBackend{})
	raw, err := net.Dial("tcp", b.addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = raw.Close() })
	require.NoError(t, raw.SetReadDeadline(time.Now().Add(5*time.Second)))
	_, err = raw.Read(make([]byte, 1))
	require.Error(t, err, "the server closes a connection that never starts the handshake")
	var ne net.Error
	require.False(t, errors.As(err, &ne) && ne.Timeout(), "closed by the server, not by the test's deadline")
}

func TestServerHeaderTimeout(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{HeaderTimeout: 100 * time.Millisecond}, &fakeBackend{})
	tc, err := b.dial(t, b.pki.client)
	require.NoError(t, err)
	_, err = tc.Write([]byte{0, 0})
	require.NoError(t, err)
	readsNothing(t, tc)
}

func TestServerBodyBelowMinimumRate(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{HeaderTimeout: 100 * time.Millisecond, MinBodyRate: 1000}, &fakeBackend{})
	tc, err := b.dial(t, b.pki.client)
	require.NoError(t, err)
	start := time.Now()
	_, err = tc.Write([]byte{0, 0, 0, 50, 'a'})
	require.NoError(t, err)
	readsNothing(t, tc)
	require.Less(t, time.Since(start), 5*time.Second, "cut off at 100 ms plus 1 ms per byte received")
}

func TestServerBodyAtMinimumRate(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{HeaderTimeout: 100 * time.Millisecond, MinBodyRate: 1000}, &fakeBackend{})
	tc, err := b.dial(t, b.pki.client)
	require.NoError(t, err)
	req := []byte(goodRequest())
	req = append(req, bytes.Repeat([]byte("\n"), 1000-len(req))...)
	frame := binary.BigEndian.AppendUint32(nil, uint32(len(req)+4))
	_, err = tc.Write(frame)
	require.NoError(t, err)
	// 100 bytes every 30 ms, 300 ms in all: three times the grace period, but always ahead of
	// the rate (100 ms plus 100 ms per 100 bytes received), so never cut off.
	for piece := range slices.Chunk(req, 100) {
		time.Sleep(30 * time.Millisecond)
		_, err = tc.Write(piece)
		require.NoError(t, err)
	}
	got, err := ReadFrame(tc, 1<<20)
	require.NoError(t, err)
	require.Equal(t, good201(), string(got))
}

func TestServerMaxConns(t *testing.T) {
	t.Parallel()
	g := newGate()
	b := setup(t, Config{MaxConns: 1}, &fakeBackend{sync: func(ctx context.Context, _ Account, req SyncRequest) (SyncResponse, error) {
		if err := g.wait(ctx); err != nil {
			return SyncResponse{}, err
		}
		return SyncResponse{Code: 201, Key: req.Key}, nil
	}})
	// Pending connections do not count against MaxConns.
	stalled, err := net.Dial("tcp", b.addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = stalled.Close() })

	first := make(chan string, 1)
	go func() { first <- b.mustExchange(t, goodRequest()) }()
	<-g.entered
	require.Equal(t, response(420, "Server busy: too many requests in progress; try again", ""),
		b.mustExchange(t, goodRequest()), "a request beyond MaxConns is answered at once")
	require.True(t, b.containsLog("requests refused"))
	g.open()
	require.Equal(t, good201(), <-first)
	require.Eventually(t, func() bool { _, n := b.srv.admission.counts(); return n == 0 }, 5*time.Second, 5*time.Millisecond)
	require.Equal(t, good201(), b.mustExchange(t, goodRequest()))
}

func TestServerShutdownWaitsForInFlight(t *testing.T) {
	t.Parallel()
	g := newGate()
	b := setup(t, Config{}, &fakeBackend{sync: func(ctx context.Context, _ Account, req SyncRequest) (SyncResponse, error) {
		if err := g.wait(ctx); err != nil {
			return SyncResponse{}, err
		}
		return SyncResponse{Code: 201, Key: req.Key}, nil
	}})

	answered := make(chan string, 1)
	go func() {
		resp, err := b.exchange(t, goodRequest(), b.pki.client)
		if err != nil {
			resp = err.Error()
		}
		answered <- resp
	}()
	<-g.entered

	shutdown := make(chan error, 1)
	go func() { shutdown <- b.srv.Shutdown(context.Background()) }()
	require.Never(t, func() bool { return len(shutdown) > 0 }, 200*time.Millisecond, 10*time.Millisecond,
		"Shutdown must wait for the request in flight")
	require.Eventually(t, func() bool {
		c, err := net.Dial("tcp", b.addr)
		if err == nil {
			_ = c.Close()
		}
		return err != nil
	}, 5*time.Second, 10*time.Millisecond, "Shutdown stops accepting")

	g.open()
	require.Equal(t, good201(), <-answered)
	require.NoError(t, <-shutdown)
}

func TestServerShutdownDeadline(t *testing.T) {
	t.Parallel()
	g := newGate()
	backendErr := make(chan error, 1)
	b := setup(t, Config{}, &fakeBackend{sync: func(ctx context.Context, _ Account, _ SyncRequest) (SyncResponse, error) {
		err := g.wait(ctx)
		backendErr <- err
		return SyncResponse{}, err
	}})

	tc, err := b.dial(t, b.pki.client)
	require.NoError(t, err)
	require.NoError(t, WriteFrame(tc, []byte(goodRequest())))
	<-g.entered

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err = b.srv.Shutdown(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, <-backendErr, context.Canceled, "the backend's context ends with the server")
	readsNothing(t, tc)
}

func TestServeAfterClose(t *testing.T) {
	t.Parallel()
	pki := newTestPKI(t)
	cfg, err := ServerTLSConfig(pki.server, pki.ca.pool, TLSOptions{})
	require.NoError(t, err)
	srv, err := New(Config{TLS: cfg, Addr: "127.0.0.1:0"}, &fakeBackend{}, nil)
	require.NoError(t, err)
	require.Nil(t, srv.Addr())
	require.NoError(t, srv.Close())

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	require.ErrorIs(t, srv.Serve(ln), ErrServerClosed)
	require.ErrorIs(t, srv.ListenAndServe(), ErrServerClosed)
	require.NoError(t, srv.Shutdown(context.Background()))
}

func TestListenAndServe(t *testing.T) {
	t.Parallel()
	pki := newTestPKI(t)
	cfg, err := ServerTLSConfig(pki.server, pki.ca.pool, TLSOptions{})
	require.NoError(t, err)
	srv, err := New(Config{TLS: cfg, Addr: "127.0.0.1:0"}, &fakeBackend{}, nil)
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- srv.ListenAndServe() }()
	require.Eventually(t, func() bool { return srv.Addr() != nil }, 5*time.Second, 5*time.Millisecond)

	b := &testBundle{srv: srv, addr: srv.Addr().String(), pki: pki}
	require.Equal(t, "client: taskgate dev\ncode: 201\nstatus: No change\n\n"+testKey+"\n\n", b.mustExchange(t, goodRequest()))
	require.NoError(t, srv.Shutdown(context.Background()))
	require.NoError(t, <-served)
}

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	pki := newTestPKI(t)
	good, err := ServerTLSConfig(pki.server, pki.ca.pool, TLSOptions{})
	require.NoError(t, err)
	noClientAuth := &tls.Config{Certificates: []tls.Certificate{pki.server}}

	tests := []struct {
		name    string
		cfg     Config
		backend Backend
	}{
		{"NoTLS", Config{}, &fakeBackend{}},
		{"TLSWithoutClientCert", Config{TLS: noClientAuth}, &fakeBackend{}},
		{"NegativeLimit", Config{TLS: good, MaxRequestBytes: -1}, &fakeBackend{}},
		{"NegativeTimeout", Config{TLS: good, HeaderTimeout: -time.Second}, &fakeBackend{}},
		{"NegativeMinBodyRate", Config{TLS: good, MinBodyRate: -1}, &fakeBackend{}},
		{"NegativeMaxPending", Config{TLS: good, MaxPending: -1}, &fakeBackend{}},
		{"NegativeMaxConns", Config{TLS: good, MaxConns: -1}, &fakeBackend{}},
		{"NoBackend", Config{TLS: good}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(tt.cfg, tt.backend, nil)
			require.Error(t, err)
		})
	}
}
