package taskd

import (
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// stallTCP opens n TCP connections to addr that never start the TLS handshake.
func stallTCP(t *testing.T, addr string, n int) {
	t.Helper()
	for range n {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		t.Cleanup(func() { _ = c.Close() })
	}
}

// stallTLS opens n TLS connections with a valid client certificate that never send a request.
func (b *testBundle) stallTLS(t *testing.T, n int) {
	t.Helper()
	for range n {
		_, err := b.dial(t, b.pki.client)
		require.NoError(t, err)
	}
}

// requireClosedByServer asserts that the server closed c (a read fails, but not by the test's
// own deadline).
func requireClosedByServer(t *testing.T, c net.Conn) {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(5*time.Second)))
	_, err := c.Read(make([]byte, 1))
	require.Error(t, err)
	var ne net.Error
	require.False(t, errors.As(err, &ne) && ne.Timeout(), "closed by the server, not by the test's deadline")
}

func TestServerEvictsOldestPendingOfPeer(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{MaxPendingPerPeer: 2, HandshakeTimeout: time.Minute}, &fakeBackend{})
	oldest, err := net.Dial("tcp", b.addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = oldest.Close() })
	stallTCP(t, b.addr, 1)

	require.Equal(t, good201(), b.mustExchange(t, goodRequest()), "a new connection is never refused")
	requireClosedByServer(t, oldest)
	require.True(t, b.containsLog("pending connections evicted"))
}

func TestServerEvictsOldestPendingOverall(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{MaxPending: 3, HandshakeTimeout: time.Minute}, &fakeBackend{})
	oldest, err := net.Dial("tcp", b.addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = oldest.Close() })
	stallTCP(t, b.addr, 2)

	require.Equal(t, good201(), b.mustExchange(t, goodRequest()))
	requireClosedByServer(t, oldest)
}

// TestServerStalledConnectionsDoNotLockOut holds 300 TCP connections that never start TLS and
// 150 TLS connections with a valid certificate that never send a request, as a flooder would,
// then syncs: the sync must go through at once, not after some timeout.
func TestServerStalledConnectionsDoNotLockOut(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{}, &fakeBackend{})
	stallTCP(t, b.addr, 300)
	b.stallTLS(t, 150)

	start := time.Now()
	require.Equal(t, good201(), b.mustExchange(t, goodRequest()))
	took := time.Since(start)
	t.Logf("sync after 450 stalled connections took %v", took)
	require.Less(t, took, time.Second)
}

// TestServerSyncsThroughHandshakeFlood keeps opening connections that stall in the handshake
// while clients sync one after the other: every sync must go through.
func TestServerSyncsThroughHandshakeFlood(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{}, &fakeBackend{})
	var stop atomic.Bool
	var opened atomic.Int64
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for !stop.Load() {
				c, err := net.Dial("tcp", b.addr)
				if err != nil {
					continue
				}
				opened.Add(1)
				time.AfterFunc(2*time.Second, func() { _ = c.Close() })
				time.Sleep(time.Millisecond)
			}
		})
	}
	t.Cleanup(func() { stop.Store(true); wg.Wait() })

	require.Eventually(t, func() bool { return opened.Load() >= 200 }, 10*time.Second, 5*time.Millisecond)
	for i := range 20 {
		resp, err := b.exchange(t, goodRequest(), b.pki.client)
		require.NoError(t, err, "sync %d during the flood", i)
		require.Equal(t, good201(), resp)
	}
	t.Logf("%d stalled connections opened during the flood", opened.Load())
}

// TestServerEvictsSilentBeforeHandshaken checks the order of eviction: a connection that never
// sent a byte goes before an older one with a finished handshake.
func TestServerEvictsSilentBeforeHandshaken(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{MaxPendingPerPeer: 2, HandshakeTimeout: time.Minute, HeaderTimeout: time.Minute}, &fakeBackend{})
	ready, err := b.dial(t, b.pki.client)
	require.NoError(t, err)
	silent, err := net.Dial("tcp", b.addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = silent.Close() })
	require.Eventually(t, func() bool { n, _ := b.srv.admission.counts(); return n == 2 }, 5*time.Second, 5*time.Millisecond)

	require.Equal(t, good201(), b.mustExchange(t, goodRequest()))
	requireClosedByServer(t, silent)
	require.NoError(t, WriteFrame(ready, []byte(goodRequest())), "the older connection with a handshake stays")
	got, err := ReadFrame(ready, 1<<20)
	require.NoError(t, err)
	require.Equal(t, good201(), string(got))
}
