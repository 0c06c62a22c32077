package interop

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestServerRestartMidHistory: replicas sync, the server is stopped with SIGTERM and started
// again on the same store, twice; nothing synced before a restart is lost.
func TestServerRestartMidHistory(t *testing.T) {
	t.Parallel()
	eachStore(t, testServerRestart)
}

func testServerRestart(t *testing.T, storeArgs []string) {
	srv := startServer(t, storeArgs)
	sb := newSandbox(t)
	acct := newAccount(t, srv)
	a := newReplica(sb, "a", acct)
	first := []string{a.add(t, "one"), a.add(t, "two"), a.add(t, "three")}
	a.sync(t)
	before := srv.chain(t, acct.clientID)

	srv.restart(t)
	require.Equal(t, before, srv.chain(t, acct.clientID), "the chain changed across a restart")
	a.add(t, "four")
	a.edit(t, first[0], "description=one, edited after a restart")
	a.sync(t)

	srv.restart(t)
	b := newReplica(sb, "b", acct)
	b.sync(t)
	got := b.synced(t)
	require.Len(t, got, 4)
	require.Equal(t, "one, edited after a restart", got[first[0]].Description)
	require.Equal(t, a.synced(t), got, "a fresh replica differs from the one that made the history")

	b.edit(t, first[1], "done")
	b.sync(t)
	a.sync(t)
	require.Equal(t, "completed", a.synced(t)[first[1]].Status)
	require.Len(t, srv.chain(t, acct.clientID), 3, "versions: first sync, second sync, B's done")
}
