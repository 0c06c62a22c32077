package accounts_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
)

func TestParseTaskdLogin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want accounts.TaskdLogin
		ok   bool
	}{
		{"Public/alice", accounts.TaskdLogin{Org: "Public", User: "alice"}, true},
		{"Göteborg/Åsa", accounts.TaskdLogin{Org: "Göteborg", User: "Åsa"}, true},
		{strings.Repeat("o", 64) + "/" + strings.Repeat("u", 64), accounts.TaskdLogin{Org: strings.Repeat("o", 64), User: strings.Repeat("u", 64)}, true},
		{"Public", accounts.TaskdLogin{}, false},
		{"Public/", accounts.TaskdLogin{}, false},
		{"/alice", accounts.TaskdLogin{}, false},
		{"Public/alice/extra", accounts.TaskdLogin{}, false},
		{"Pub lic/alice", accounts.TaskdLogin{}, false},
		{"Public/al\tice", accounts.TaskdLogin{}, false},
		{"Public/al\x00ice", accounts.TaskdLogin{}, false},
		{"Public/al\u00a0ice", accounts.TaskdLogin{}, false},
		{"Public/alice#2", accounts.TaskdLogin{}, false},
		{`Public/al\ice`, accounts.TaskdLogin{}, false},
		{"Public/\xff", accounts.TaskdLogin{}, false},
		{strings.Repeat("o", 65) + "/alice", accounts.TaskdLogin{}, false},
	}
	for _, tt := range tests {
		got, err := accounts.ParseTaskdLogin(tt.in)
		if !tt.ok {
			require.ErrorIsf(t, err, accounts.ErrInvalidTaskdLogin, "ParseTaskdLogin(%q) = %v, want an error", tt.in, got)
			continue
		}
		require.NoErrorf(t, err, "ParseTaskdLogin(%q)", tt.in)
		require.Equalf(t, tt.want, got, "ParseTaskdLogin(%q)", tt.in)
		require.Equal(t, tt.in, got.String())
	}
}
