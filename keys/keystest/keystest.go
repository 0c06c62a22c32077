// Package keystest gives tests a fresh master key.
package keystest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/keys"
)

// NewMasterKey returns a new random master key, failing tb when one cannot be made.
func NewMasterKey(tb testing.TB) keys.MasterKey {
	tb.Helper()
	text, err := keys.GenerateMasterKey()
	require.NoError(tb, err)
	key, err := keys.ParseMasterKey(text)
	require.NoError(tb, err)
	return key
}
