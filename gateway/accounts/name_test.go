package accounts_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
)

func TestValidateName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ok   bool
	}{
		{"alice", true},
		{"the-Smiths_2024", true},
		{"élodie", true},
		{strings.Repeat("x", accounts.MaxNameLength), true},
		{strings.Repeat("é", accounts.MaxNameLength), true},
		{"", false},
		{strings.Repeat("x", accounts.MaxNameLength+1), false},
		{"two words", false},
		{"tab\there", false},
		{"new\nline", false},
		{"nbsp\u00a0", false},
		{"bell\a", false},
		{"bad\xffutf8", false},
		{"6f1e8c4e-0b7d-4f1a-9a57-3f0a0c5d2b11", false},
		{"6F1E8C4E-0B7D-4F1A-9A57-3F0A0C5D2B11", false},
		{"6f1e8c4e0b7d4f1a9a573f0a0c5d2b11", false},
		{"{6f1e8c4e-0b7d-4f1a-9a57-3f0a0c5d2b11}", false},
	}
	for _, tt := range tests {
		err := accounts.ValidateName(tt.name)
		if tt.ok {
			require.NoErrorf(t, err, "ValidateName(%q)", tt.name)
			continue
		}
		require.ErrorIsf(t, err, accounts.ErrInvalidName, "ValidateName(%q) = %v, want ErrInvalidName", tt.name, err)
	}
}

func TestPublicURLFromListen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr, want string
	}{
		{"127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"0.0.0.0:9000", "http://localhost:9000"},
		{"[::]:9000", "http://localhost:9000"},
		{":8080", "http://localhost:8080"},
		{"tasks.lan:80", "http://tasks.lan:80"},
		{"[fd00::1]:8080", "http://[fd00::1]:8080"},
	}
	for _, tt := range tests {
		got, err := accounts.PublicURLFromListen(tt.addr)
		require.NoErrorf(t, err, "PublicURLFromListen(%q)", tt.addr)
		require.Equalf(t, tt.want, got, "PublicURLFromListen(%q)", tt.addr)
	}
	_, err := accounts.PublicURLFromListen("nope")
	require.Error(t, err)
}

func TestCheckPublicURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://tasks.example.org", true},
		{"http://localhost:8080", true},
		{"https://example.org/taskgate", true},
		{"tasks.example.org", false},
		{"ftp://example.org", false},
		{"https://", false},
		{"::", false},
	}
	for _, tt := range tests {
		err := accounts.CheckPublicURL(tt.url)
		require.Equalf(t, tt.ok, err == nil, "CheckPublicURL(%q) = %v", tt.url, err)
	}
}
