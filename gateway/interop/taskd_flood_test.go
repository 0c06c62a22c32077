package interop

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/taskd"
)

// syncBound is how soon a sync must succeed while the listener is flooded: the flood must not
// delay it beyond ordinary scheduling noise. A sync that waited for a stalled connection's
// timeout would take at least the 5 s handshake or header timeout.
const syncBound = time.Second

// TestTaskdStalledConnections holds 300 TCP connections that never start TLS and 150 TLS
// connections with a valid device certificate that never send a request, then syncs with an
// in-process taskd client and with Taskwarrior 2.6: both must succeed within syncBound.
func TestTaskdStalledConnections(t *testing.T) {
	t.Parallel()
	eachStore(t, testTaskdStalledConnections)
}

func testTaskdStalledConnections(t *testing.T, storeArgs []string) {
	srv, acct, dev := taskdDevice(t, storeArgs)
	dev.task(t, "add", "before the flood")
	baseline := timedSync(t, dev)

	for range 300 {
		c, err := net.Dial("tcp", srv.taskdAddr)
		require.NoError(t, err)
		t.Cleanup(func() { _ = c.Close() })
	}
	cfg := deviceTLS(t, acct.taskrc2)
	for range 150 {
		c, err := tls.Dial("tcp", srv.taskdAddr, cfg)
		require.NoError(t, err)
		t.Cleanup(func() { _ = c.Close() })
	}

	start := time.Now()
	require.Equal(t, "200", inProcessSync(t, acct.taskrc2, cfg))
	inProcess := time.Since(start)
	dev.task(t, "add", "during the flood")
	real := timedSync(t, dev)
	t.Logf("in-process sync %v, Taskwarrior 2.6 sync %v (%v before the flood)", inProcess, real, baseline)
	require.Less(t, inProcess, syncBound)
	require.Less(t, real, max(syncBound, 2*baseline), "Taskwarrior 2.6's sync during the flood")
}

// TestTaskdSyncsThroughHandshakeFlood keeps opening connections that stall before the TLS
// handshake while Taskwarrior 2.6 syncs again and again: every sync must succeed.
func TestTaskdSyncsThroughHandshakeFlood(t *testing.T) {
	t.Parallel()
	eachStore(t, testTaskdHandshakeFlood)
}

func testTaskdHandshakeFlood(t *testing.T, storeArgs []string) {
	srv, _, dev := taskdDevice(t, storeArgs)
	opened := flood(t, srv.taskdAddr)
	require.Eventually(t, func() bool { return opened.Load() >= 200 }, 20*time.Second, 10*time.Millisecond)
	for i := range 5 {
		dev.task(t, "add", "task "+string(rune('a'+i)))
		dev.sync(t)
	}
	require.Len(t, dev.exportAll(t), 5)
	t.Logf("%d stalled connections opened during the syncs", opened.Load())
}

// taskdDevice starts a server with its taskd listener on the store, and a Taskwarrior 2.6
// device of a new account.
func taskdDevice(t *testing.T, storeArgs []string) (*server, plainAccount, *tw2) {
	t.Helper()
	srv := startTaskdServer(t, storeArgs)
	acct := srv.addTaskdAccount(t, "household")
	return srv, acct, newTW2(t, "A", acct.taskrc2)
}

// flood opens TCP connections to addr that stall, each held for 3 s, until the test ends, and
// returns the count opened so far. One goroutine's connections never send a byte, from the
// address the syncing client uses too; the other's send the start of a TLS handshake and stop,
// from another address (a Linux loopback answers on all of 127.0.0.0/8).
func flood(t *testing.T, addr string) *atomic.Int64 {
	t.Helper()
	var opened atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	other := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}
	for _, d := range []*net.Dialer{{}, other} {
		wg.Go(func() {
			for !stop.Load() {
				if c, err := d.Dial("tcp", addr); err == nil {
					if d == other {
						_, _ = c.Write([]byte{0x16, 0x03, 0x01, 0x02, 0x00}) // a ClientHello record's header
					}
					opened.Add(1)
					time.AfterFunc(3*time.Second, func() { _ = c.Close() })
				}
				time.Sleep(time.Millisecond)
			}
		})
	}
	t.Cleanup(func() { stop.Store(true); wg.Wait() })
	return &opened
}

// timedSync runs `task sync`, requires success and returns how long it took.
func timedSync(t *testing.T, dev *tw2) time.Duration {
	t.Helper()
	start := time.Now()
	dev.sync(t)
	return time.Since(start)
}

// deviceTLS is the TLS configuration of the device whose settings are rc.
func deviceTLS(t *testing.T, rc map[string]string) *tls.Config {
	t.Helper()
	cert, err := tls.LoadX509KeyPair(rc["taskd.certificate"], rc["taskd.key"])
	require.NoError(t, err)
	caPEM, err := os.ReadFile(rc["taskd.ca"])
	require.NoError(t, err)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(caPEM))
	host, _, err := net.SplitHostPort(rc["taskd.server"])
	require.NoError(t, err)
	return &tls.Config{Certificates: []tls.Certificate{cert}, RootCAs: pool, ServerName: host}
}

// inProcessSync sends a first sync with the device's credentials and returns the answer's code.
func inProcessSync(t *testing.T, rc map[string]string, cfg *tls.Config) string {
	t.Helper()
	creds := strings.SplitN(rc["taskd.credentials"], "/", 3)
	require.Len(t, creds, 3)
	c, err := tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, "tcp", rc["taskd.server"], cfg)
	require.NoError(t, err)
	defer func() { _ = c.Close() }()
	require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
	req := taskd.Message{Headers: map[string]string{
		"type": "sync", "org": creds[0], "user": creds[1], "key": creds[2], "protocol": "v1", "client": "interop 1",
	}}
	require.NoError(t, taskd.WriteFrame(c, req.Encode()))
	body, err := taskd.ReadFrame(c, 1<<20)
	require.NoError(t, err)
	resp, err := taskd.ParseMessage(body)
	require.NoError(t, err)
	return resp.Headers["code"]
}
