package interop

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWrongSecretFails: replicas with the right client id but a wrong encryption secret cannot
// sync, whether they start empty (they read the snapshot) or with a task of their own (they read
// version 1). They keep no foreign data and add nothing to the server's chain.
func TestWrongSecretFails(t *testing.T) {
	t.Parallel()
	eachStore(t, testWrongSecretFails)
}

func testWrongSecretFails(t *testing.T, storeArgs []string) {
	srv := startServer(t, storeArgs)
	sb := newSandbox(t)
	acct := newAccount(t, srv)
	a := newReplica(sb, "a", acct)
	a.add(t, "secret plans")
	a.sync(t)
	chain := srv.chain(t, acct.clientID)

	wrong := acct
	wrong.secret = "not-" + acct.secret
	empty := newReplica(sb, "empty", wrong)
	res := empty.trySync()
	require.Error(t, res.err, "an empty replica with a wrong secret synced:\n%s", res)
	require.Empty(t, empty.dump(t).Tasks, "the empty replica took data it could not decrypt")

	busy := newReplica(sb, "busy", wrong)
	own := busy.add(t, "my own task")
	res = busy.trySync()
	require.Error(t, res.err, "a replica with local changes and a wrong secret synced:\n%s", res)
	tasks := busy.dump(t).Tasks
	require.Len(t, tasks, 1, "the replica's own task only: %+v", tasks)
	require.Contains(t, tasks, own)

	require.Equal(t, chain, srv.chain(t, acct.clientID), "failed syncs changed the chain")
	a.sync(t)
	require.Len(t, a.synced(t), 1)
}
