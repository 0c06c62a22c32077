package interop

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTwoReplicasConverge: replica A creates tasks and syncs, replica B (same client id and
// secret) syncs and sees them; B edits and syncs; A syncs and sees B's edits.
func TestTwoReplicasConverge(t *testing.T) {
	t.Parallel()
	eachStore(t, testTwoReplicasConverge)
}

func testTwoReplicasConverge(t *testing.T, storeArgs []string) {
	srv := startServer(t, storeArgs)
	sb := newSandbox(t)
	acct := newAccount(t, srv)
	a, b := newReplica(sb, "a", acct), newReplica(sb, "b", acct)

	milk := a.add(t, "buy milk", "project=home", "+errand")
	report := a.add(t, "write report", "priority=H")
	a.sync(t)
	b.sync(t)
	got := b.synced(t)
	require.Len(t, got, 2, "B after its first sync: %+v", got)
	require.Equal(t, "buy milk", got[milk].Description)
	require.Equal(t, "home", deref(got[milk].Project))
	require.Equal(t, []string{"errand"}, got[milk].Tags)
	require.Equal(t, "H", deref(got[report].Priority))

	b.edit(t, milk, "description=buy oat milk", "annotate=two litres", "-errand")
	b.edit(t, report, "done")
	b.sync(t)
	a.sync(t)
	gotA := a.synced(t)
	require.Equal(t, "buy oat milk", gotA[milk].Description)
	require.Equal(t, []string{"two litres"}, gotA[milk].Annotations)
	require.Empty(t, gotA[milk].Tags)
	require.Equal(t, "completed", gotA[report].Status)
	require.Equal(t, b.synced(t), gotA, "A and B differ after syncing")
}

func deref(s *string) string {
	if s == nil {
		return "<unset>"
	}
	return *s
}
