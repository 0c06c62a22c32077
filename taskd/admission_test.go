package taskd

import (
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
)

// addrConn is a net.Conn that only knows its remote address.
type addrConn struct {
	net.Conn
	remote net.Addr
}

func (c addrConn) RemoteAddr() net.Addr { return c.remote }

// peers are the sources FuzzAdmission's connections come from; the two IPv6 ones share a /64.
var peers = []net.Addr{
	&net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 1},
	&net.TCPAddr{IP: net.IPv4(192, 0, 2, 2), Port: 1},
	&net.TCPAddr{IP: net.ParseIP("2001:db8::1"), Port: 1},
	&net.TCPAddr{IP: net.ParseIP("2001:db8::2"), Port: 1},
}

// FuzzAdmission runs a random sequence of connections arriving, advancing, starting requests and
// leaving, and checks after every step that the pools keep their caps and their counts agree.
func FuzzAdmission(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{0, 4, 8, 12, 16, 20, 1, 5, 2, 6, 3, 7})
	f.Fuzz(func(t *testing.T, ops []byte) {
		a := newAdmission(Config{MaxPending: 5, MaxPendingPerPeer: 3, MaxConns: 2})
		var live []*conn
		for i, op := range ops {
			switch op % 4 {
			case 0:
				c := &conn{nc: addrConn{remote: peers[int(op/4)%len(peers)]}, log: zap.NewNop()}
				a.admit(c, time.Unix(int64(i), 0))
				live = append(live, c)
			case 1:
				if len(live) > 0 {
					a.advance(live[int(op/4)%len(live)], 1+int(op/16)%2)
				}
			case 2:
				if len(live) > 0 {
					a.promote(live[int(op/4)%len(live)], time.Unix(int64(i), 0))
				}
			case 3:
				if len(live) > 0 {
					k := int(op/4) % len(live)
					a.leave(live[k])
					live = append(live[:k], live[k+1:]...)
				}
			}
			checkAdmission(t, a, live)
		}
	})
}

// checkAdmission checks a's invariants against the connections that have not left.
func checkAdmission(t *testing.T, a *admission, live []*conn) {
	t.Helper()
	pending, requests := 0, 0
	for _, c := range live {
		if c.slot != nil {
			pending++
			require.False(t, c.evicted.Load(), "an evicted connection is still pending")
			require.False(t, c.request, "a connection both pending and a request")
		}
		if c.request {
			requests++
		}
	}
	require.Equal(t, pending, a.pending.n)
	require.Equal(t, requests, a.requests)
	require.LessOrEqual(t, a.pending.n, a.maxPending)
	require.LessOrEqual(t, a.requests, a.maxRequests)
	perPeer := 0
	for _, q := range a.perPeer {
		require.Positive(t, q.n)
		require.LessOrEqual(t, q.n, a.maxPerPeer)
		perPeer += q.n
	}
	require.Equal(t, a.pending.n, perPeer)
	byPhase := 0
	for i := range a.pending.byPhase {
		byPhase += a.pending.byPhase[i].Len()
	}
	require.Equal(t, a.pending.n, byPhase)
}

func TestPeerOf(t *testing.T) {
	t.Parallel()
	require.Equal(t, "192.0.2.1/32", peerOf(peers[0]).String())
	require.Equal(t, "2001:db8::/64", peerOf(peers[2]).String())
	require.Equal(t, peerOf(peers[2]), peerOf(peers[3]))
	require.Equal(t, "192.0.2.1/32", peerOf(&net.TCPAddr{IP: net.ParseIP("::ffff:192.0.2.1"), Port: 1}).String())
}
