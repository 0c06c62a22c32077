package interop

import (
	"crypto/tls"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/taskgate/taskgate/internal/testaddr"
)

// TestFleet: two taskgate processes with separate data directories serve one PostgreSQL
// database, as a hosting fleet does. Both serve the CA and server certificate kept in the
// database, so
//   - the household scenario of TestTaskdMixedHousehold (a Taskwarrior 2.6 and a Taskwarrior 3.5
//     device on one plaintext account) runs with the 2.6 device on one process and the 3.5
//     device on the other;
//   - the 2.6 device, under taskd.trust=strict, then syncs alternately through both, and so does
//     the 3.5 device;
//   - a device certificate issued by `taskgate account device add` run with a third data
//     directory syncs through both;
//   - once `taskgate account device revoke` from that third machine revoked it, both refuse it
//     within seconds, while the household's 2.6 device keeps syncing through both;
//   - both answer GET /readyz 200 on their admin listeners.
func TestFleet(t *testing.T) {
	t.Parallel()
	requireClients(t)
	storeA := postgresArgs(t)
	a := startTaskdServer(t, storeA, "--admin-listen", testaddr.Loopback(t))
	b := startTaskdServer(t, withDataDir(t, storeA), "--admin-listen", testaddr.Loopback(t))
	for _, s := range []*server{a, b} {
		require.Equal(t, http.StatusOK, s.readyz(t), "GET /readyz of %s", s.url)
	}
	require.Equal(t, servedCert(t, a.taskdAddr), servedCert(t, b.taskdAddr), "both serve the certificate in the database")

	sb := newSandbox(t)
	acct := a.addTaskdAccount(t, "fleet")
	onB := acct.account
	onB.url = b.url
	h := household{
		two:   newTW2(t, "2.6", with(acct.taskrc2, "taskd.trust", "strict")),
		three: newTW3(t, sb, "3.5", onB, udaRC()...),
	}
	h.scenario(t)

	for i, s := range []*server{b, a, b} {
		h.two.task(t, "config", "taskd.server", s.taskdAddr)
		h.three.task(t, "config", "sync.server.url", []*server{a, b}[i%2].url)
		h.two.task(t, "add", "alternating "+s.taskdAddr)
		h.syncTwice(t, i%2 == 0)
		h.requireSame(t)
	}

	phone := thirdAdmin(t, storeA, "account", "device", "add", "fleet", "--device", "phone", "--out", t.TempDir(),
		"--json", "--taskd-public-addr", b.taskdAddr)
	p := newTW2(t, "phone", with(phone, "taskd.trust", "strict"))
	p.sync(t)
	p.task(t, "config", "taskd.server", a.taskdAddr)
	p.task(t, "add", "from the phone")
	p.sync(t)
	h.three.sync(t)
	requireDescriptions(t, h.three.exportAll(t), "from the phone")
	requireFileEqual(t, readFile(t, acct.taskrc2["taskd.ca"]), phone["taskd.ca"])

	// A revocation made from the third machine is honoured by both processes within seconds,
	// while the account's other 2.x device keeps syncing through both.
	runThirdAdmin(t, storeA, "account", "device", "revoke", "fleet", "phone")
	for _, s := range []*server{a, b} {
		p.task(t, "config", "taskd.server", s.taskdAddr)
		waitRefused(t, p, "the revoked phone on "+s.taskdAddr)
		h.two.task(t, "config", "taskd.server", s.taskdAddr)
		h.two.task(t, "add", "after the revocation, through "+s.taskdAddr)
		h.two.sync(t)
	}
}

// servedCert returns the certificate the taskd listener at addr presents.
func servedCert(t *testing.T, addr string) []byte {
	t.Helper()
	conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // only reads the certificate
	require.NoError(t, err)
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].Raw
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// withDataDir returns storeArgs with a fresh data directory of its own.
func withDataDir(t *testing.T, storeArgs []string) []string {
	t.Helper()
	args := slices.Clone(storeArgs)
	i := slices.Index(args, "--data-dir")
	require.GreaterOrEqual(t, i, 0, "store arguments without --data-dir: %v", args)
	args[i+1] = t.TempDir()
	return args
}

// thirdAdminCmd is the command of an admin command on the store of storeArgs from a data
// directory of its own, as an operator's machine beside the fleet.
func thirdAdminCmd(t *testing.T, storeArgs, args []string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(taskgateBin, append(args, withDataDir(t, storeArgs)...)...)
	cmd.Env = taskgateEnv(storeArgs)
	return cmd
}

// runThirdAdmin runs an admin command on the store of storeArgs from a data directory of its
// own, as thirdAdmin does, and returns its output.
func runThirdAdmin(t *testing.T, storeArgs []string, args ...string) string {
	t.Helper()
	out, err := thirdAdminCmd(t, storeArgs, args).CombinedOutput()
	require.NoError(t, err, "taskgate %v: %s", args, out)
	return string(out)
}

// thirdAdmin runs an admin command on the store of storeArgs from a data directory of its own,
// as an operator's machine beside the fleet, and returns the taskrc2 settings it printed.
func thirdAdmin(t *testing.T, storeArgs []string, args ...string) map[string]string {
	t.Helper()
	out, err := thirdAdminCmd(t, storeArgs, args).Output()
	require.NoError(t, err, "taskgate %v: %s", args, out)
	var got accountJSON
	require.NoError(t, json.Unmarshal(out, &got), "%s", out)
	return got.Taskrc2
}

// readyz returns the status of GET /readyz on the server's admin listener.
func (s *server) readyz(t *testing.T) int {
	t.Helper()
	return s.adminGet(t, "/readyz")
}

// adminGet returns the status of GET path on the server's admin listener.
func (s *server) adminGet(t *testing.T, path string) int {
	t.Helper()
	i := slices.Index(s.args, "--admin-listen")
	require.GreaterOrEqual(t, i, 0, "the server has no admin listener")
	client := http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get("http://" + s.args[i+1] + path)
	require.NoError(t, err)
	_ = resp.Body.Close()
	return resp.StatusCode
}
