package interop

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/gateway/adminapi"
	"github.com/taskgate/taskgate/internal/testaddr"
	"github.com/taskgate/taskgate/store"
)

// apiToken is the admin API token of the servers these tests start.
const apiToken = "interop-admin-token-0123456789"

// revocationWait bounds how long a revocation takes to reach the taskd listener (its registry
// cache lives 5 s).
const revocationWait = 20 * time.Second

// TestAdminAPIHouseholds: two households are created through the admin API, their Taskwarrior
// 2.6 device certificates issued by it (the files written by the API's client); household one
// also has a Taskwarrior 3.5 device. Every device syncs. Then:
//   - household one's certificate with household two's credentials is refused;
//   - a revoked 2.6 device is refused while the account's other 2.6 device keeps syncing;
//   - after `taskgate account delete` of household one, its 2.6 and 3.5 devices are refused, and
//     household two's export is unchanged byte for byte and its device keeps syncing;
//   - the audit log holds the API's actions, the CLI's delete and the failed taskd logins.
func TestAdminAPIHouseholds(t *testing.T) {
	t.Parallel()
	eachStore(t, testAdminAPIHouseholds)
}

func testAdminAPIHouseholds(t *testing.T, storeArgs []string) {
	srv, api := startAdminServer(t, storeArgs)
	ctx := t.Context()
	one, oneLaptop := apiHousehold(t, api, srv, "one", "Family/one", "laptop")
	oneDesktop := apiDevice(t, api, srv, "one", "desktop", oneLaptop)
	_, twoPC := apiHousehold(t, api, srv, "two", "Family/two", "pc")
	sb := newSandbox(t)
	a, b, c := newTW2(t, "one-laptop", oneLaptop), newTW2(t, "one-desktop", oneDesktop), newTW2(t, "two-pc", twoPC)
	three := newTW3(t, sb, "one-3.5", account{url: srv.url, clientID: one.Taskrc3[accounts.TaskrcClientID],
		secret: one.Taskrc3[accounts.TaskrcEncryptionSecret]})

	a.task(t, "add", "shared from the laptop", "+home")
	a.sync(t)
	three.sync(t)
	three.task(t, "add", "from taskwarrior 3")
	three.sync(t)
	b.sync(t)
	a.sync(t)
	requireSameExport(t, "laptop", a.exportAll(t), "desktop", b.exportAll(t))
	c.task(t, "add", "household two's own")
	c.sync(t)

	stolen := newTW2(t, "stolen", with(oneLaptop, "taskd.credentials", twoPC["taskd.credentials"]))
	requireSyncRefused(t, stolen, "household one's certificate with household two's credentials")

	n, err := api.DeviceRevoke(ctx, "one", "desktop")
	require.NoError(t, err)
	require.Equal(t, 1, n)
	waitRefused(t, b, "the revoked desktop")
	a.task(t, "add", "after the revocation")
	a.sync(t)

	before := srv.admin(t, "account", "export", "two")
	srv.admin(t, "account", "delete", "one")
	requireSyncRefused(t, a, "a device of the deleted account")
	three.task(t, "add", "written after the delete")
	res := three.sb.run(three.home, "task", "sync")
	require.Error(t, res.err, "Taskwarrior 3.5 of the deleted account:\n%s", res)
	require.Equal(t, before, srv.admin(t, "account", "export", "two"), "household two is unchanged byte for byte")
	c.sync(t)
	requireAuditTrail(t, ctx, api)
}

// startAdminServer starts taskgate as a host runs it (taskd, the admin API, no accounts made on a
// client's first sync), and returns it with a client of its API.
func startAdminServer(t *testing.T, storeArgs []string) (*server, *adminapi.Client) {
	t.Helper()
	tokenFile := filepath.Join(t.TempDir(), "admin-token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(apiToken+"\n"), 0o600))
	adminAddr := testaddr.Loopback(t)
	taskdAddr := testaddr.Loopback(t)
	srv := launch(t, storeArgs, taskdAddr, []string{"--admin-listen", adminAddr, "--admin-token-file", tokenFile,
		"--taskd-public-addr", taskdAddr, "--no-create-clients"})
	api, err := adminapi.NewClient("http://"+adminAddr, apiToken)
	require.NoError(t, err)
	return srv, api
}

// apiHousehold creates a plaintext account with a taskd login and a first device through the
// API, writes the device's files here, and returns the account and the device's settings.
func apiHousehold(t *testing.T, api *adminapi.Client, srv *server, name, login, device string) (accounts.Created, map[string]string) {
	t.Helper()
	l, err := accounts.ParseTaskdLogin(login)
	require.NoError(t, err)
	c, err := api.Create(t.Context(), accounts.AddParams{Name: name, Mode: store.ModePlaintext,
		Taskd: &accounts.TaskdParams{Login: l, Device: accounts.DeviceParams{Name: device}}})
	require.NoError(t, err)
	require.NotNil(t, c.Device, "the API returns the first device's certificate and key")
	rc, err := accounts.WriteDeviceFiles(t.TempDir(), *c.Device)
	require.NoError(t, err)
	requireTaskrc2(t, rc, srv.taskdAddr)
	return c, with(rc, "taskd.trust", "strict")
}

// apiDevice issues another device certificate through the API and returns its settings.
func apiDevice(t *testing.T, api *adminapi.Client, srv *server, name, device string, like map[string]string) map[string]string {
	t.Helper()
	d, err := api.DeviceIssue(t.Context(), name, device)
	require.NoError(t, err)
	rc, err := accounts.WriteDeviceFiles(t.TempDir(), d)
	require.NoError(t, err)
	requireTaskrc2(t, rc, srv.taskdAddr)
	require.Equal(t, like["taskd.credentials"], rc["taskd.credentials"])
	return with(rc, "taskd.trust", "strict")
}

// refusedText is what Taskwarrior 2.6 prints for taskd's 430.
const refusedText = "Either your credentials are incorrect, or your account doesn't exist"

// requireSyncRefused requires that `task sync` of w fails with taskd's 430.
func requireSyncRefused(t *testing.T, w *tw2, what string) {
	t.Helper()
	res := w.run("sync")
	require.Error(t, res.err, "%s should be refused:\n%s", what, res)
	require.Contains(t, res.stdout+res.stderr, refusedText, "%s:\n%s", what, res)
}

// waitRefused retries `task sync` of w until it is refused, within revocationWait.
func waitRefused(t *testing.T, w *tw2, what string) {
	t.Helper()
	deadline := time.Now().Add(revocationWait)
	for {
		res := w.run("sync")
		if res.err != nil {
			require.Contains(t, res.stdout+res.stderr, refusedText, "%s:\n%s", what, res)
			return
		}
		require.True(t, time.Now().Before(deadline), "%s still syncs %v after its revocation:\n%s", what, revocationWait, res)
		time.Sleep(500 * time.Millisecond)
	}
}

// requireAuditTrail checks the audit log of the scenario.
func requireAuditTrail(t *testing.T, ctx context.Context, api *adminapi.Client) {
	t.Helper()
	log, err := api.Audit(ctx, "", 0, 1000)
	require.NoError(t, err)
	seen := map[string]int{}
	for _, e := range log {
		seen[e.Action]++
		switch {
		case e.Action == accounts.ActionDelete:
			require.True(t, strings.HasPrefix(e.Actor, "cli:"), "%+v", e)
		case e.Action == "taskd.auth":
			require.Equal(t, "taskd:127.0.0.1", e.Actor)
			require.Contains(t, e.Result, "430")
		default:
			require.True(t, strings.HasPrefix(e.Actor, "api@"), "%+v", e)
		}
	}
	require.Equal(t, 2, seen[accounts.ActionAdd], "%v", seen)
	require.Equal(t, 1, seen[accounts.ActionDeviceIssue], "%v", seen)
	require.Equal(t, 1, seen[accounts.ActionDeviceRevoke], "%v", seen)
	require.Equal(t, 1, seen[accounts.ActionDelete], "%v", seen)
	require.GreaterOrEqual(t, seen["taskd.auth"], 1, "%v", seen)
}
