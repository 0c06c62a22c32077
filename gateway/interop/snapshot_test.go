package interop

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// churnVersions is enough versions to pass the default --snapshot-versions of 100 after the
// first snapshot, and leave a tail after the second.
const churnVersions = 110

// lowUrgencyVersion is the 1-based position of the first version after the snapshot of version 1
// whose add-version answers urgency=low (versions_since reaches 100).
const lowUrgencyVersion = 102

// TestSnapshotAfterManyVersions: one replica makes 110 versions, one sync each. The first
// add-version of a client without a snapshot answers urgency=high, so the client uploads a
// snapshot of version 1; the 101st version after it (the 102nd) answers urgency=low, and the
// client (avoid_snapshots=false) uploads a snapshot of it. A fresh replica then starts from that
// snapshot and needs only the versions after it.
func TestSnapshotAfterManyVersions(t *testing.T) {
	t.Parallel()
	eachStore(t, testSnapshotAfterManyVersions)
}

func testSnapshotAfterManyVersions(t *testing.T, storeArgs []string) {
	srv := startServer(t, storeArgs)
	sb := newSandbox(t)
	acct := newAccount(t, srv)
	a := newReplica(sb, "a", acct)

	a.churn(t, churnVersions)
	chain := srv.chain(t, acct.clientID)
	require.Len(t, chain, churnVersions, "one version per sync")
	status, snapVersion := srv.snapshot(t, acct.clientID)
	require.Equal(t, http.StatusOK, status, "GET /v1/client/snapshot after %d versions", churnVersions)
	require.Equal(t, chain[lowUrgencyVersion-1], snapVersion,
		"the snapshot should be of version %d, the first to answer urgency=low; it is of version %d",
		lowUrgencyVersion, indexOf(chain, snapVersion)+1)

	fresh := newReplica(sb, "fresh", acct)
	mark := srv.logSize(t)
	fresh.sync(t)
	require.Equal(t, map[int]int{http.StatusOK: 1}, statuses(srv.requestsSince(t, mark, "/v1/client/snapshot")),
		"the fresh replica should fetch the snapshot once")
	children := statuses(srv.requestsSince(t, mark, "get-child-version"))
	require.Equal(t, churnVersions-lowUrgencyVersion, children[http.StatusOK],
		"the fresh replica should fetch only the versions after the snapshot (got statuses %v)", children)
	require.Equal(t, a.synced(t), fresh.synced(t), "the fresh replica differs from the one that made the history")
	require.Len(t, fresh.synced(t), (churnVersions+9)/10)

	onTop(t, a, fresh)
}

// onTop checks that a replica built from a snapshot continues the chain: its edit reaches a.
func onTop(t *testing.T, a, fresh *replica) {
	t.Helper()
	var id string
	for id = range fresh.synced(t) {
		break
	}
	fresh.edit(t, id, "description=edited after the snapshot")
	fresh.sync(t)
	a.sync(t)
	require.Equal(t, "edited after the snapshot", a.synced(t)[id].Description)
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
