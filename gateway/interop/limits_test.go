package interop

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// quotaShown is `taskgate account quota show --json`.
type quotaShown struct {
	Usage struct {
		Bytes    int64 `json:"bytes"`
		Versions int64 `json:"versions"`
	} `json:"usage"`
}

// quota reads the account's usage with the admin command.
func (s *server) quota(t *testing.T, name string) quotaShown {
	t.Helper()
	out := s.admin(t, "account", "quota", "show", name, "--json")
	var q quotaShown
	require.NoError(t, json.Unmarshal([]byte(out), &q), "account quota show --json output:\n%s", out)
	return q
}

// TestTaskwarrior2ShowsLimits: Taskwarrior 2.6 prints the status text of each limit: an upload
// over the account's quota (504; nothing is stored and the backlog is uploaded once the quota is
// raised), the account's request rate (420), and failed authentications from one address (420
// after the delayed 430s).
func TestTaskwarrior2ShowsLimits(t *testing.T) {
	t.Parallel()
	eachStore(t, testTaskwarrior2ShowsLimits)
}

func testTaskwarrior2ShowsLimits(t *testing.T, storeArgs []string) {
	srv := startTaskdServer(t, storeArgs, "--rate-account", "0.001", "--rate-account-burst", "4", "--auth-failures", "2")
	acct := srv.addTaskdAccount(t, "alice")
	srv.admin(t, "account", "quota", "set", "alice", "versions=1")
	dev := newTW2(t, "alice", acct.taskrc2)

	dev.task(t, "add", "first")
	dev.sync(t) // the account's first request and version
	dev.task(t, "add", "second")
	res := dev.run("sync") // the second request
	require.Error(t, res.err, "a sync over the quota fails:\n%s", res)
	require.Contains(t, res.stderr, "Sync failed.  The Taskserver returned error: 504 account quota exceeded: "+
		"the limit is 1 versions and the account holds 1; ask the server's administrator to raise it", "%s", res)
	require.Equal(t, int64(1), srv.quota(t, "alice").Usage.Versions, "nothing of the refused upload was stored")

	srv.admin(t, "account", "quota", "set", "alice", "versions=0")
	dev.sync(t) // the third request uploads the backlog
	require.Equal(t, int64(2), srv.quota(t, "alice").Usage.Versions)
	dev.sync(t) // the fourth
	res = dev.run("sync")
	require.Error(t, res.err, "a fifth sync at once is over the account's rate:\n%s", res)
	require.Contains(t, res.stdout+res.stderr, "420 rate limit: too many requests for this account; try again in", "%s", res)

	wrong := newTW2(t, "mallory", with(acct.taskrc2, "taskd.credentials", "Household/alice/"+uuid.NewString()))
	for range 2 {
		res = wrong.run("sync")
		require.Error(t, res.err)
		require.Contains(t, res.stderr, "Either your credentials are incorrect", "%s", res) // 430
	}
	res = dev.run("sync")
	require.Error(t, res.err, "the address is refused after two failed authentications, whatever the key:\n%s", res)
	require.Contains(t, res.stdout+res.stderr, "420 too many failed authentications from this address; try again in", "%s", res)
}

// TestTaskwarrior3ShowsLimits: Taskwarrior 3.5 reports a version over the account's quota as the
// status line "413 Payload Too Large" and a request over the account's rate as "429 Too Many
// Requests" (it does not print the bodies, which name the limit), and loses nothing: once the
// quota is raised, its next sync uploads what was refused.
func TestTaskwarrior3ShowsLimits(t *testing.T) {
	t.Parallel()
	eachStore(t, testTaskwarrior3ShowsLimits)
}

func testTaskwarrior3ShowsLimits(t *testing.T, storeArgs []string) {
	srv := startServer(t, storeArgs, "--quota-versions", "1")
	sb := newSandbox(t)
	acct := newAccount(t, srv)
	one := newTW3(t, sb, "one", acct)
	one.task(t, "add", "first")
	one.sync(t)
	one.task(t, "add", "second")
	res := sb.run(one.home, "task", "sync")
	require.Error(t, res.err, "a sync over the quota fails:\n%s", res)
	require.Contains(t, res.stderr, "responded with 413 Payload Too Large", "%s", res)
	require.Equal(t, int64(1), srv.quota(t, acct.clientID).Usage.Versions, "nothing of the refused version was stored")

	srv.admin(t, "account", "quota", "set", acct.clientID, "versions=10")
	one.sync(t)
	two := newTW3(t, sb, "two", acct)
	two.sync(t)
	got := two.export(t)
	require.Contains(t, got, "first")
	require.Contains(t, got, "second", "the refused change reached the server once the quota allowed it")
}

// TestTaskwarrior3ShowsRateLimit: an account allowed one request at once (a sync needs two) fails
// its sync with 429.
func TestTaskwarrior3ShowsRateLimit(t *testing.T) {
	t.Parallel()
	srv := startServer(t, sqliteArgs(t), "--rate-account", "2", "--rate-account-burst", "1")
	sb := newSandbox(t)
	one := newTW3(t, sb, "one", newAccount(t, srv))
	one.task(t, "add", "first")
	res := sb.run(one.home, "task", "sync") // get-child-version takes the one token, add-version finds none
	require.Error(t, res.err, "%s", res)
	require.Contains(t, res.stderr, "responded with 429 Too Many Requests", "%s", res)
}

// TestTaskwarrior2ShowsSpillLimit: Taskwarrior 2.6 prints the status text of a sync refused for
// needing more temporary space than the server allows (504), keeps its changes, and uploads them
// once the limit allows.
func TestTaskwarrior2ShowsSpillLimit(t *testing.T) {
	t.Parallel()
	eachStore(t, testTaskwarrior2ShowsSpillLimit)
}

func testTaskwarrior2ShowsSpillLimit(t *testing.T, storeArgs []string) {
	srv := startTaskdServer(t, storeArgs, "--taskd-spill-limit", "100")
	acct := srv.addTaskdAccount(t, "alice")
	dev := newTW2(t, "alice", acct.taskrc2)
	dev.task(t, "add", "first")
	res := dev.run("sync") // a first sync is always prepared, in a temporary file
	require.Error(t, res.err, "a sync past the spill limit fails:\n%s", res)
	require.Contains(t, res.stderr, "Sync failed.  The Taskserver returned error: 504 the sync needs more temporary "+
		"space than the server allows one (the limit is 100 bytes); ask the server's administrator to raise it", "%s", res)
	require.Zero(t, srv.quota(t, "alice").Usage.Versions, "nothing of the refused sync was stored")

	srv.stop(t)
	for i, arg := range srv.args {
		if arg == "--taskd-spill-limit" {
			srv.args[i+1] = "1GiB"
		}
	}
	srv.start(t)
	dev.sync(t)
	require.Equal(t, int64(1), srv.quota(t, "alice").Usage.Versions)
	require.Contains(t, srv.admin(t, "account", "export", "alice"), "first", "the refused change reached the server")
}
