package interop

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPlaintextWrongSecretRefused: the server opens every version of a plaintext account before
// it stores it. A replica with the right client id and a wrong secret is refused with 400 and
// nothing is stored, both for the first version of an empty account and for a version on top of
// a history (a replica that synced with the right secret, whose base is the head, then syncs a
// change with a wrong one). The real client's sync fails, the server logs the 400, and the
// answer the client got (seen through a recording proxy) says what to check. The same change
// then syncs with the right secret.
func TestPlaintextWrongSecretRefused(t *testing.T) {
	t.Parallel()
	eachStore(t, testPlaintextWrongSecret)
}

func testPlaintextWrongSecret(t *testing.T, storeArgs []string) {
	srv := startServer(t, storeArgs)
	rec := newRecorder(t, srv.url)
	sb := newSandbox(t)
	acct := srv.addPlaintext(t, "household")
	right := acct.account
	right.url = rec.url
	wrong := right
	wrong.secret = "not-" + right.secret

	first := newReplica(sb, "first", wrong)
	first.add(t, "sealed with the wrong key on an empty account")
	requireRefused(t, srv, rec, first)
	require.Empty(t, srv.chain(t, acct.clientID), "a refused first version reached the chain")
	require.Empty(t, srv.export(t, acct.name), "a refused first version reached the account's tasks")

	a := newReplica(sb, "a", right)
	a.add(t, "sealed with the right key")
	a.sync(t)
	chain, tasks := srv.chain(t, acct.clientID), srv.export(t, acct.name)
	require.Len(t, chain, 1)
	misconfigured := &replica{sb: sb, dir: a.dir, acct: wrong}
	misconfigured.add(t, "sealed with the wrong key on top of a history")
	requireRefused(t, srv, rec, misconfigured)
	require.Equal(t, chain, srv.chain(t, acct.clientID), "a refused version changed the chain")
	require.Equal(t, tasks, srv.export(t, acct.name), "a refused version changed the account's tasks")

	a.sync(t)
	require.Len(t, srv.chain(t, acct.clientID), 2, "the change kept after the refusal syncs with the right secret")
	require.Len(t, srv.export(t, acct.name), 2)
}

// requireRefused syncs r and requires that it fails because its one add-version was answered 400
// with a body that names the settings to check.
func requireRefused(t *testing.T, srv *server, rec *recorder, r *replica) {
	t.Helper()
	mark, seen := srv.logSize(t), rec.count()
	res := r.trySync()
	require.Error(t, res.err, "a replica with a wrong secret synced on a plaintext account:\n%s", res)
	logged := srv.requestsSince(t, mark, "add-version")
	require.Equal(t, map[int]int{http.StatusBadRequest: 1}, statuses(logged),
		"the server log should show exactly one add-version, answered 400; client:\n%s", res)
	answers := rec.since(seen, "add-version")
	require.Len(t, answers, 1, "add-version answers the client received: %+v", answers)
	require.Equal(t, http.StatusBadRequest, answers[0].status)
	require.Contains(t, answers[0].body, "sync.encryption_secret",
		"the 400 should tell the user which setting to check; the client printed:\n%s", res)
	t.Logf("refused as expected; the client said %q, the server answered %d %q", res.stderr, answers[0].status, answers[0].body)
}
