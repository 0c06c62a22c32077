// Package testaddr hands tests loopback addresses for the servers they start.
//
// An address from a listener on port 0 is in the kernel's ephemeral range, which every outgoing
// connection draws its local port from: between the moment a test closes that listener and the
// moment the started server binds the port, a connection to PostgreSQL or to another test's
// server can take it. The addresses given here lie below the ephemeral range, where only
// listeners that ask for a port by number go.
package testaddr

import (
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

const (
	// lowest is the first port handed out; lower ports are often taken by system services.
	lowest = 16384
	// defaultEphemeral is Linux's default start of the ephemeral range.
	defaultEphemeral = 32768
)

// next counts the ports this test process has tried, so that it never hands out a port twice.
var next atomic.Uint32

// Loopback returns a free 127.0.0.1 address below the ephemeral range. Each test process starts
// at its own place in the range, so that concurrent test binaries seldom try the same ports.
func Loopback(t testing.TB) string {
	t.Helper()
	span := uint32(ephemeralStart() - lowest)
	start := uint32(os.Getpid()) * 613
	for range span {
		port := lowest + int((start+next.Add(1))%span)
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		if ln, err := net.Listen("tcp", addr); err == nil {
			if err := ln.Close(); err != nil {
				t.Fatalf("testaddr: close %s: %v", addr, err)
			}
			return addr
		}
	}
	t.Fatalf("testaddr: no free port in %d–%d", lowest, ephemeralStart()-1)
	return ""
}

// ephemeralStart reads the start of the kernel's ephemeral port range.
func ephemeralStart() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return defaultEphemeral
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 {
		return defaultEphemeral
	}
	low, err := strconv.Atoi(fields[0])
	if err != nil || low <= lowest+1024 {
		return defaultEphemeral
	}
	return low
}
