package interop

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// plainChurn is enough versions for three server-made snapshots (versions 1, 102 and 203 with the
// default --snapshot-versions 100) and a tail of versions after the last one.
const plainChurn = 210

// TestPlaintextServerSnapshot: the server makes the snapshots of a plaintext account itself and
// asks its clients for none. One replica writes 210 versions, one sync each, and never uploads a
// snapshot although it would if asked (avoid_snapshots is off); GET /v1/client/snapshot answers
// 200 with the version the server's rule names. A fresh replica starts from that snapshot, which
// the server sealed, fetches only the versions after it and has every task.
func TestPlaintextServerSnapshot(t *testing.T) {
	t.Parallel()
	eachStore(t, testPlaintextServerSnapshot)
}

func testPlaintextServerSnapshot(t *testing.T, storeArgs []string) {
	srv := startServer(t, storeArgs)
	sb := newSandbox(t)
	acct := srv.addPlaintext(t, "household")
	a := newReplica(sb, "a", acct.account)

	mark := srv.logSize(t)
	a.churn(t, plainChurn)
	chain := srv.chain(t, acct.clientID)
	require.Len(t, chain, plainChurn, "one version per sync")
	require.Empty(t, srv.requestsSince(t, mark, "add-snapshot"),
		"the client uploaded a snapshot: the server should make them itself and ask the client for none")
	status, snapVersion := srv.snapshot(t, acct.clientID)
	require.Equal(t, http.StatusOK, status, "GET /v1/client/snapshot after %d versions", plainChurn)
	at := lastServerSnapshot(plainChurn, 100)
	require.Equal(t, chain[at-1], snapVersion, "the snapshot should be of version %d; it is of version %d",
		at, indexOf(chain, snapVersion)+1)

	fresh := newReplica(sb, "fresh", acct.account)
	mark = srv.logSize(t)
	fresh.sync(t)
	require.Equal(t, map[int]int{http.StatusOK: 1}, statuses(srv.requestsSince(t, mark, "/v1/client/snapshot")),
		"the fresh replica should fetch the server's snapshot once")
	children := statuses(srv.requestsSince(t, mark, "get-child-version"))
	require.Equal(t, plainChurn-at, children[http.StatusOK],
		"the fresh replica should fetch only the versions after the snapshot (got statuses %v)", children)
	require.Equal(t, a.synced(t), fresh.synced(t), "the fresh replica differs from the one that made the history")
	require.Len(t, fresh.synced(t), plainChurn/10)
	onTop(t, a, fresh)
}

// lastServerSnapshot returns the chain position (from 1) of the newest snapshot the server has
// made after n versions: the first version of a chain without one gets one, and so does every
// version that finds `every` versions after the previous snapshot.
func lastServerSnapshot(n, every int) int {
	last := 1
	for last+every+1 <= n {
		last += every + 1
	}
	return last
}
