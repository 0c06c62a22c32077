package accounts_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
)

func TestTaskdServer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fn     func(string) (string, error)
		in     string
		want   string
		wantOK bool
	}{
		{"ListenLoopback", accounts.TaskdServerFromListen, "127.0.0.1:53589", "127.0.0.1:53589", true},
		{"ListenAnyIPv4", accounts.TaskdServerFromListen, "0.0.0.0:53589", "localhost:53589", true},
		{"ListenAnyIPv6", accounts.TaskdServerFromListen, "[::]:53589", "localhost:53589", true},
		{"ListenEmptyHost", accounts.TaskdServerFromListen, ":53589", "localhost:53589", true},
		{"ListenIPv6", accounts.TaskdServerFromListen, "[::1]:53589", "::1:53589", true},
		{"ListenNoPort", accounts.TaskdServerFromListen, "localhost", "", false},
		{"Public", accounts.CheckTaskdServer, "tasks.example.org:53589", "tasks.example.org:53589", true},
		{"PublicIPv6", accounts.CheckTaskdServer, "2001:db8::1:443", "2001:db8::1:443", true},
		{"PublicBracketed", accounts.CheckTaskdServer, "[2001:db8::1]:443", "2001:db8::1:443", true},
		{"NoPort", accounts.CheckTaskdServer, "tasks.example.org", "", false},
		{"BadPort", accounts.CheckTaskdServer, "tasks.example.org:http", "", false},
		{"PortZero", accounts.CheckTaskdServer, "tasks.example.org:0", "", false},
		{"PortTooLarge", accounts.CheckTaskdServer, "tasks.example.org:65536", "", false},
		{"NoHost", accounts.CheckTaskdServer, ":53589", "", false},
		{"Space", accounts.CheckTaskdServer, "tasks example:53589", "", false},
		{"Hash", accounts.CheckTaskdServer, "tasks#1:53589", "", false},
	}
	for _, tt := range tests {
		got, err := tt.fn(tt.in)
		if !tt.wantOK {
			require.Errorf(t, err, "%s(%q) = %q, want an error", tt.name, tt.in, got)
			continue
		}
		require.NoErrorf(t, err, "%s(%q)", tt.name, tt.in)
		require.Equalf(t, tt.want, got, "%s(%q)", tt.name, tt.in)
	}
}
