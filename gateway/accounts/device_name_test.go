package accounts_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
)

func TestValidateDeviceName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ok   bool
	}{
		{"laptop", true},
		{"Göteborg-phone_2", true},
		{strings.Repeat("d", 64), true},
		{"", false},
		{strings.Repeat("d", 65), false},
		{"my phone", false},
		{"a/b", false},
		{`a\b`, false},
		{"a#b", false},
		{".hidden", false},
		{"..", false},
		{"ca", false},
		{"CA", false},
		{"tab\there", false},
		{"\xff", false},
	}
	for _, tt := range tests {
		err := accounts.ValidateDeviceName(tt.name)
		if tt.ok {
			require.NoErrorf(t, err, "ValidateDeviceName(%q)", tt.name)
		} else {
			require.ErrorIsf(t, err, accounts.ErrInvalidDevice, "ValidateDeviceName(%q) = %v, want an error", tt.name, err)
		}
	}
}
