package testaddr

import (
	"net"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLoopbackBelowEphemeralRange(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		addr := Loopback(t)
		require.False(t, seen[addr], "handed out twice: %s", addr)
		seen[addr] = true
		host, port, err := net.SplitHostPort(addr)
		require.NoError(t, err)
		require.Equal(t, "127.0.0.1", host)
		n, err := strconv.Atoi(port)
		require.NoError(t, err)
		require.GreaterOrEqual(t, n, lowest)
		require.Less(t, n, ephemeralStart())
	}
}

func TestLoopbackSkipsPortsInUse(t *testing.T) {
	held := Loopback(t)
	ln, err := net.Listen("tcp", held)
	require.NoError(t, err)
	defer ln.Close()
	next.Add(^uint32(0)) // the next try would be held's port again
	require.NotEqual(t, held, Loopback(t))
}
