package taskdimport

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
)

func TestAccountNames(t *testing.T) {
	t.Parallel()
	names := accountNames("Public", "First Last")
	require.Equal(t, "Public/First_Last", names[0])
	require.Equal(t, "Public/First_Last-2", names[1])
	require.Len(t, names, maxNameTries)

	long := accountNames("Org", strings.Repeat("é", 100))
	for _, n := range long {
		require.NoError(t, accounts.ValidateName(n))
		require.LessOrEqual(t, utf8.RuneCountInString(n), accounts.MaxNameLength)
	}
	require.True(t, strings.HasSuffix(long[3], "-4"))
	require.Equal(t, "Org/tab_bell_", accountNames("Org", "tab\tbell\a")[0])
}
