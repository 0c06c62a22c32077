package interop

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConcurrentEditsDifferentProperties: A and B start in sync; A changes the description and B
// the project without syncing in between; after syncs A, B, A both replicas have both changes.
func TestConcurrentEditsDifferentProperties(t *testing.T) {
	t.Parallel()
	eachStore(t, testConcurrentEdits)
}

func testConcurrentEdits(t *testing.T, storeArgs []string) {
	srv := startServer(t, storeArgs)
	sb := newSandbox(t)
	acct := newAccount(t, srv)
	a, b := newReplica(sb, "a", acct), newReplica(sb, "b", acct)

	id := a.add(t, "plan trip", "project=travel")
	a.sync(t)
	b.sync(t)
	require.Contains(t, b.synced(t), id)

	a.edit(t, id, "description=plan trip to Lisbon")
	b.edit(t, id, "project=holidays")
	a.sync(t)
	b.sync(t)
	a.sync(t)

	for name, r := range map[string]*replica{"A": a, "B": b} {
		task := r.synced(t)[id]
		require.Equal(t, "plan trip to Lisbon", task.Description, "replica %s lost A's description", name)
		require.Equal(t, "holidays", deref(task.Project), "replica %s lost B's project", name)
	}
	require.Len(t, srv.chain(t, acct.clientID), 3, "versions: create, A's edit, B's rebased edit")
}
