package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		url         string
		allowRemote bool
		wantErr     string
	}{
		{"http://127.0.0.1:8080", false, ""},
		{"http://127.9.9.9:8080/prefix", false, ""},
		{"http://[::1]:8080", false, ""},
		{"http://localhost:8080", false, ""},
		{"http://LOCALHOST", false, ""},
		{"https://example.com", false, "not a loopback address"},
		{"http://10.0.0.1:8080", false, "not a loopback address"},
		{"http://localhost.example.com", false, "not a loopback address"},
		{"http://127.0.0.1.nip.io", false, "not a loopback address"},
		{"https://example.com", true, ""},
		{"http://user:pw@127.0.0.1", false, "user information"},
		{"127.0.0.1:8080", false, "--url"}, // no scheme: url.Parse refuses it
		{"/relative", false, "no host"},
		{"http://", false, "no host"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			u, err := parseTarget(tt.url, tt.allowRemote)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.url, u.String())
		})
	}
}
