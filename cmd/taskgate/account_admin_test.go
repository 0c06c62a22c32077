package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/accounts"
)

// adminToken is the admin API token of TestAccountCommandsRemote's server.
const adminToken = "cli-test-admin-token-0123456789"

// testAdminCommands runs delete, device list and revoke, taskd add and rotate and audit through
// c, with extra options (--server and --token-file for a remote server), and checks them.
func testAdminCommands(t *testing.T, c *cli, actor string, extra ...string) {
	t.Helper()
	run := func(args ...string) string { return c.ok(t, append(args, extra...)...) }
	fail := func(args ...string) string {
		code, _, errOut := c.run(t, append(args, extra...)...)
		require.Equal(t, 1, code, "taskgate %v should fail", args)
		return errOut
	}
	run("account", "add", "home", "--plaintext", "--taskd", "Home/alice", "--device", "laptop", "--out", t.TempDir())
	run("account", "device", "add", "home", "--device", "phone", "--out", t.TempDir())
	var devs []accounts.DeviceInfo
	require.NoError(t, json.Unmarshal([]byte(run("account", "device", "list", "home", "--json")), &devs))
	require.Len(t, devs, 2)
	require.Contains(t, run("account", "device", "revoke", "home", "phone"), `Revoked 1 certificate(s) of device "phone"`)
	require.Regexp(t, `(?m)^phone\s+\S+\s+-\s+20\d\d-`, run("account", "device", "list", "home"), "revoked")
	require.Contains(t, fail("account", "device", "revoke", "home", "phone"), "no valid certificate")

	run("account", "add", "enc", "--encrypted")
	require.Contains(t, fail("account", "taskd", "add", "enc", "Home/x"), "encrypted")
	run("account", "add", "plain", "--plaintext")
	require.Regexp(t, `taskd.credentials=Home/bob/`, run("account", "taskd", "add", "plain", "Home/bob"))
	require.Regexp(t, `taskd.credentials=Home/bob/`, run("account", "taskd", "rotate", "plain", "Home/bob"))
	testUDAAndQuotaCommands(t, run, fail, actor)

	require.Contains(t, run("account", "delete", "home"), `Account "home" is deleted`)
	require.Contains(t, fail("account", "show", "home"), `no account named "home"`)
	require.Contains(t, fail("account", "delete", "home"), `no account named "home"`)

	var log []accounts.AuditEntry
	require.NoError(t, json.Unmarshal([]byte(run("account", "audit", "--account", "home", "--json")), &log))
	require.Equal(t, accounts.ActionDelete, log[0].Action)
	require.NotEqual(t, accounts.ResultOK, log[0].Result)
	require.Equal(t, accounts.ActionDelete, log[1].Action)
	require.Equal(t, accounts.ResultOK, log[1].Result)
	require.Regexp(t, actor, log[1].Actor)
	require.Contains(t, run("account", "audit"), "taskd.rotate")
	require.Contains(t, run("account", "list", "--limit", "1"), "More: --after enc")
}

// testUDAAndQuotaCommands runs account uda and account quota on the accounts "plain" and "enc"
// that testAdminCommands made.
func testUDAAndQuotaCommands(t *testing.T, run, fail func(args ...string) string, actor string) {
	t.Helper()
	require.Contains(t, run("account", "uda", "plain", "set", "due2=date,estimate=numeric", "size=string"), "uda.due2.type=date")
	require.Contains(t, fail("account", "uda", "plain", "set", "due=date"), "Taskwarrior's own")
	require.Contains(t, fail("account", "uda", "enc", "set", "due2=date"), "encrypted")
	require.Contains(t, run("account", "uda", "plain", "unset", "estimate", "size"), "pass through as written")
	require.Equal(t, "uda.due2.type=date\n", run("account", "uda", "plain", "list"))
	var types map[string]string
	require.NoError(t, json.Unmarshal([]byte(run("account", "uda", "plain", "list", "--json")), &types))
	require.Equal(t, map[string]string{"due2": "date"}, types)

	require.Contains(t, run("account", "quota", "set", "plain", "bytes=5MiB", "versions=0"),
		"stored bytes  0 of 5242880 (this account's own)")
	require.Contains(t, fail("account", "quota", "set", "nobody", "bytes=1"), `no account named "nobody"`)
	require.Regexp(t, `stored bytes  0 of .* \(server default\)`, run("account", "quota", "unset", "plain", "bytes"))
	var info accounts.QuotaInfo
	require.NoError(t, json.Unmarshal([]byte(run("account", "quota", "show", "plain", "--json")), &info))
	require.Nil(t, info.Own.Bytes)
	require.NotNil(t, info.Own.Versions)
	require.Zero(t, *info.Own.Versions)

	var log []accounts.AuditEntry
	require.NoError(t, json.Unmarshal([]byte(run("account", "audit", "--account", "plain", "--limit", "5", "--json")), &log))
	want := []string{accounts.ActionQuotaSet, accounts.ActionQuotaSet, accounts.ActionUDAUnset, accounts.ActionUDASet, accounts.ActionUDASet}
	for i, e := range log {
		require.Equal(t, want[i], e.Action, "%+v", e)
		require.Regexp(t, actor, e.Actor)
	}
	require.Contains(t, log[3].Result, "Taskwarrior's own")
}

func TestAccountAdminCommandsLocal(t *testing.T) {
	t.Parallel()
	testAdminCommands(t, newCLI(t, nil), `^cli:`)
}

func TestAccountAdminCommandsRemote(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := gateway.DefaultConfig()
	cfg.DataDir = dir
	cfg.HTTPListen = []string{"127.0.0.1:0"}
	cfg.Taskd.Listen = "127.0.0.1:0"
	cfg.Admin.Listen = "127.0.0.1:0"
	cfg.Admin.Token = adminToken
	cfg.Admin.TaskdPublicAddr = "tasks.example.org:53589"
	srv, err := gateway.Start(t.Context(), cfg, zaptest.NewLogger(t))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-served:
		case <-time.After(time.Minute):
		}
	})
	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(adminToken+"\n"), 0o600))
	c := newCLI(t, nil) // its own, empty data directory: every command goes to the server
	testAdminCommands(t, c, `^api@127\.0\.0\.1$`, "--server", "http://"+srv.AdminAddr(), "--token-file", tokenFile)
	require.NoFileExists(t, filepath.Join(c.dir, "taskgate.sqlite3"), "nothing was done locally")

	code, _, errOut := c.run(t, "account", "list", "--server", "http://"+srv.AdminAddr(), "--token-file", filepath.Join(t.TempDir(), "none"))
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "no such file")
	wrong := filepath.Join(t.TempDir(), "wrong")
	require.NoError(t, os.WriteFile(wrong, []byte("a-wrong-token-0123456789"), 0o600))
	code, _, errOut = c.run(t, "account", "list", "--server", "http://"+srv.AdminAddr(), "--token-file", wrong)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "wrong admin token")
	code, _, errOut = c.run(t, "account", "export", "x", "--server", "http://"+srv.AdminAddr(), "--token-file", tokenFile)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "local store only")
}
