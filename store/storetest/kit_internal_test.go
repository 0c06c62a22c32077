package storetest

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWithSearchPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		base string
		want string
	}{
		{"postgres://u@h:5432/db", "postgres://u@h:5432/db?search_path=s1"},
		{"postgres://u@h/db?sslmode=disable", "postgres://u@h/db?search_path=s1&sslmode=disable"},
		{"postgresql://u@h/db?search_path=old", "postgresql://u@h/db?search_path=s1"},
		{"host=h user=u dbname=db", "host=h user=u dbname=db search_path=s1"},
	}
	for _, tt := range tests {
		got := withSearchPath(t, tt.base, "s1")
		require.Equal(t, tt.want, got, "withSearchPath(%q)", tt.base)
	}
}

func TestSchemaNamesAreFresh(t *testing.T) {
	t.Parallel()
	a, b := randomHex(t, 8), randomHex(t, 8)
	require.Len(t, a, 16)
	require.NotEqual(t, a, b)
}
