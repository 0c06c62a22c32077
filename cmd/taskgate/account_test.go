package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/sqlite"
)

// cli runs taskgate with an environment of its own and an embedded store in a fresh directory.
// defaultConfig stands for /etc/taskgate/taskgate.yaml; empty, no file is read by default.
type cli struct {
	env           map[string]string
	dir           string
	defaultConfig string
}

func newCLI(t *testing.T, env map[string]string) *cli {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	dir := t.TempDir()
	env["TASKGATE_DATA_DIR"] = dir
	return &cli{env: env, dir: dir}
}

// run runs taskgate args and returns the exit code, standard output and standard error.
func (c *cli) run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &environment{getenv: func(k string) string { return c.env[k] }, stdout: &out, stderr: &errOut, defaultConfig: c.defaultConfig}
	code = run(t.Context(), e, args)
	return code, out.String(), errOut.String()
}

// ok runs taskgate args, requires success and returns standard output.
func (c *cli) ok(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := c.run(t, args...)
	require.Equalf(t, 0, code, "taskgate %v failed:\n%s", args, errOut)
	return out
}

func TestAccountAddJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		mode    store.Mode
		wantURL string
		taskrc3 []string
	}{
		{"Plaintext", nil, []string{"account", "add", "alice", "--plaintext", "--json"}, store.ModePlaintext,
			"http://127.0.0.1:8080", []string{"sync.server.url", "sync.server.client_id", "sync.encryption_secret"}},
		{"Encrypted", map[string]string{"LISTEN": "0.0.0.0:9000,[::]:9000"}, []string{"account", "add", "--json", "alice", "--encrypted"},
			store.ModeEncrypted, "http://localhost:9000", []string{"sync.server.url", "sync.server.client_id"}},
		{"PublicURL", map[string]string{"TASKGATE_PUBLIC_URL": "https://tasks.example.org", "LISTEN": "0.0.0.0:9000"},
			[]string{"account", "add", "alice", "--encrypted", "--json"}, store.ModeEncrypted,
			"https://tasks.example.org", []string{"sync.server.url", "sync.server.client_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := newCLI(t, tt.env).ok(t, tt.args...)
			var obj map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(out), &obj), out)
			require.ElementsMatch(t, []string{"name", "mode", "status", "client_ids", "created_at", "taskrc3"}, mapKeys(obj))
			var d struct {
				Name      string            `json:"name"`
				Mode      store.Mode        `json:"mode"`
				Status    store.Status      `json:"status"`
				ClientIDs []uuid.UUID       `json:"client_ids"`
				Taskrc3   map[string]string `json:"taskrc3"`
			}
			require.NoError(t, json.Unmarshal([]byte(out), &d))
			require.Equal(t, "alice", d.Name)
			require.Equal(t, tt.mode, d.Mode)
			require.Equal(t, store.StatusActive, d.Status)
			require.Len(t, d.ClientIDs, 1)
			require.ElementsMatch(t, tt.taskrc3, mapKeys(d.Taskrc3))
			require.Equal(t, tt.wantURL, d.Taskrc3["sync.server.url"])
			require.Equal(t, d.ClientIDs[0].String(), d.Taskrc3["sync.server.client_id"])
		})
	}
}

func TestAccountHelpDocumentsEveryOption(t *testing.T) {
	t.Parallel()
	a := &accountSetup{withKey: true}
	var b bool
	var s string
	var dev accounts.DeviceParams
	tests := []struct {
		args []string
		set  *optionSet
	}{
		{[]string{"add"}, accountAddOptions(&accountSetup{withKey: true, withTaskd: true, withPKI: true}, &addFlags{})},
		{[]string{"list"}, accountListOptions(&accountSetup{}, &listFlags{})},
		{[]string{"delete"}, accountDeleteOptions(&accountSetup{})},
		{[]string{"audit"}, accountAuditOptions(&accountSetup{}, &auditFlags{})},
		{[]string{"device", "list"}, deviceListOptions(&accountSetup{}, &b)},
		{[]string{"device", "revoke"}, deviceRevokeOptions(&accountSetup{})},
		{[]string{"taskd", "add"}, taskdAddCommand.options(&accountSetup{withTaskd: true})},
		{[]string{"taskd", "rotate"}, taskdRotateCommand.options(&accountSetup{withTaskd: true})},
		{[]string{"show"}, accountShowOptions(&accountSetup{withKey: true, withTaskd: true}, &b)},
		{[]string{"device", "add"}, deviceAddOptions(&accountSetup{withTaskd: true, withPKI: true}, &dev, &b)},
		{[]string{"export"}, accountExportOptions(&accountSetup{}, &s, map[string]convert.Type{})},
		{[]string{"uda"}, accountUDAOptions(&accountSetup{}, &b)},
		{[]string{"convert"}, accountConvertOptions(a, &s, &s)},
		{[]string{"suspend"}, suspendCommand.options(&accountSetup{})},
		{[]string{"resume"}, resumeCommand.options(&accountSetup{})},
		{[]string{"quota", "show"}, quotaOptionSet(&accountSetup{}, "show", quotaShowUsage, &b)},
		{[]string{"quota", "set"}, quotaOptionSet(&accountSetup{}, "set", quotaSetUsage, nil)},
		{[]string{"quota", "unset"}, quotaOptionSet(&accountSetup{}, "unset", quotaUnsetUsage, nil)},
	}
	require.Len(t, tests, len(accountCommands)+len(deviceCommands)+len(quotaCommands)+len(taskdCommands)-3,
		"one case per leaf subcommand")
	for _, tt := range tests {
		args := append(append([]string{"account"}, tt.args...), "--help")
		code, stdout, stderr := newCLI(t, nil).run(t, args...)
		require.Equalf(t, 0, code, "%v", args)
		out := stdout + stderr
		require.Containsf(t, out, "Usage: taskgate account "+strings.Join(tt.args, " "), "%v", args)
		for _, o := range tt.set.opts {
			if o.hidden {
				require.NotContainsf(t, out, "--"+o.flag, "%v: a hidden option is no flag", args)
				continue
			}
			require.Containsf(t, out, o.name(), "%v", args)
			require.NotEmptyf(t, o.usage, "%v option %s", args, o.name())
		}
	}
	code, out, errOut := newCLI(t, nil).run(t, "account", "add", "--help")
	require.Equal(t, 0, code)
	require.Empty(t, errOut, "help goes to standard output")
	for _, want := range []string{"--public-url URL", "--master-key-file PATH", "TASKGATE_MASTER_KEY (environment only)", "--plaintext",
		"--encrypted", "--taskd ORG/USER", "--device DEVICE", "--out DIR", "--taskd-public-addr HOST:PORT",
		"env: TASKGATE_TASKD_PUBLIC_ADDR", "--pki-dir DIR", "env: TASKGATE_PKI_DIR", "--json"} {
		require.Contains(t, out, want)
	}
	_, out, _ = newCLI(t, nil).run(t, "account", "device", "add", "--help")
	for _, want := range []string{"--device DEVICE", "(default NAME)", "--out DIR", "(default the current directory)",
		"--taskd-public-addr HOST:PORT", "--pki-dir DIR", "--json", "--data-dir DIR", "--db URL",
		"--master-key-file PATH"} {
		require.Contains(t, out, want, "device add opens the CA in the store with the master key")
	}
	for _, args := range [][]string{{"account", "--help"}, {"account", "device", "--help"}} {
		code, stdout, _ := newCLI(t, nil).run(t, args...)
		require.Equal(t, 0, code)
		require.Contains(t, stdout, "device")
		require.Contains(t, stdout, "add")
	}
}

// TestAccountSession walks through the commands an operator runs on one data directory.
func TestAccountSession(t *testing.T) {
	t.Parallel()
	c := newCLI(t, map[string]string{"TASKGATE_PUBLIC_URL": "https://tasks.example.org"})

	code, out, errOut := c.run(t, "account", "add", "home", "--plaintext")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "Generated a new master key in "+filepath.Join(c.dir, "master.key"))
	require.Contains(t, out, "mode:       plaintext: the server holds the key")
	secret := requireTaskrc(t, out, "sync.encryption_secret")
	require.NotContains(t, secret, "<")

	shown := c.ok(t, "account", "show", "home")
	require.Equal(t, secret, requireTaskrc(t, shown, "sync.encryption_secret"), "show prints the same secret")
	require.Contains(t, shown, "status:     active")

	out = c.ok(t, "account", "add", "laptop", "--encrypted")
	require.Equal(t, "<choose a secret and use it on every device of this account>", requireTaskrc(t, out, "sync.encryption_secret"))
	require.Equal(t, "https://tasks.example.org", requireTaskrc(t, out, "sync.server.url"))

	list := c.ok(t, "account", "list")
	lines := strings.Split(strings.TrimSpace(list), "\n")
	require.Len(t, lines, 3, list)
	require.Regexp(t, `^NAME\s+MODE\s+STATUS\s+CLIENTS\s+TASKD\s+CREATED$`, lines[0])
	require.Regexp(t, `^home\s+plaintext\s+active\s+1\s+-\s+\S+$`, lines[1])
	require.Regexp(t, `^laptop\s+encrypted\s+active\s+1\s+-\s+\S+$`, lines[2])
	require.Equal(t, strings.Index(lines[0], "MODE"), strings.Index(lines[1], "plaintext"), "aligned columns")

	var arr []map[string]any
	require.NoError(t, json.Unmarshal([]byte(c.ok(t, "account", "list", "--json")), &arr))
	require.Len(t, arr, 2)

	code, _, errOut = c.run(t, "account", "export", "laptop")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "account \"laptop\" is encrypted: the server cannot read its tasks; run `task export`")
	require.JSONEq(t, "[]", c.ok(t, "account", "export", "home"))

	require.Contains(t, c.ok(t, "account", "suspend", "laptop"), "suspended")
	require.Contains(t, c.ok(t, "account", "show", "laptop"), "status:     suspended")
	c.ok(t, "account", "resume", "laptop")

	code, _, errOut = c.run(t, "account", "add", "home", "--encrypted")
	require.Equal(t, 1, code)
	require.Equal(t, "taskgate account: add: an account named \"home\" already exists\n", errOut)
}

// requireTaskrc returns the value of the .taskrc line setting key.
func requireTaskrc(t *testing.T, out, key string) string {
	t.Helper()
	for line := range strings.Lines(out) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), key+"="); ok {
			return v
		}
	}
	require.Failf(t, "no .taskrc line", "%s not in:\n%s", key, out)
	return ""
}

func TestAccountConvert(t *testing.T) {
	t.Parallel()
	c := newCLI(t, nil)
	var d struct {
		ClientIDs []uuid.UUID `json:"client_ids"`
	}
	require.NoError(t, json.Unmarshal([]byte(c.ok(t, "account", "add", "laptop", "--encrypted", "--json")), &d))
	const secret = "my own secret"
	appendSealed(t, c.dir, "laptop", codec.DeriveKey([]byte(secret), d.ClientIDs[0]))
	file := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(file, []byte("not "+secret+"\n"), 0o600))

	code, _, errOut := c.run(t, "account", "convert", "laptop", "--to", "plaintext", "--secret-file", file)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "version 1 (")
	require.Contains(t, errOut, "does not open with this secret")

	require.NoError(t, os.WriteFile(file, []byte(secret+"\n"), 0o600))
	out := c.ok(t, "account", "convert", "laptop", "--to", "plaintext", "--secret-file", file)
	require.Contains(t, out, `Account "laptop" is now plaintext.`)
	require.Equal(t, secret, requireTaskrc(t, out, "sync.encryption_secret"))
	require.Contains(t, c.ok(t, "account", "export", "laptop"), `"description":"converted"`)

	code, _, errOut = c.run(t, "account", "convert", "laptop", "--to", "encrypted")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "--to must be plaintext")
	require.Contains(t, errOut, "--secret-file is required")
}

// appendSealed appends one version creating a task, sealed with key, to the account's chain.
func appendSealed(t *testing.T, dir, name string, key codec.Key) {
	t.Helper()
	st, err := sqlite.Open(t.Context(), sqlite.Options{Dir: dir})
	require.NoError(t, err)
	defer st.Close()
	a, err := st.AccountGetByName(t.Context(), name)
	require.NoError(t, err)
	id := uuid.New()
	at := time.Unix(1_700_000_000, 0)
	ops := []codec.Op{codec.Create(id), codec.Set(id, "description", "converted", at), codec.Set(id, "status", "pending", at)}
	err = st.ChainUpdate(t.Context(), a.ID, func(ctx context.Context, tx store.ChainTx) error {
		seg, err := codec.SealSegment(key, uuid.Nil, ops)
		if err != nil {
			return err
		}
		_, err = tx.VersionAppend(ctx, uuid.New(), uuid.Nil, seg)
		return err
	})
	require.NoError(t, err)
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestAccountQuota sets, shows and unsets an account's own quota, with the server's defaults
// read from the environment as serve reads them.
func TestAccountQuota(t *testing.T) {
	t.Parallel()
	c := newCLI(t, map[string]string{"TASKGATE_QUOTA_VERSIONS": "500"})
	c.ok(t, "account", "add", "alice", "--encrypted")
	require.Equal(t, "Account \"alice\":\n  stored bytes  0 of 1073741824 (server default)\n  versions      0 of 500 (server default)\n",
		c.ok(t, "account", "quota", "show", "alice"))
	require.Equal(t, "Account \"alice\":\n  stored bytes  0 of 5242880 (this account's own)\n  versions      0 of 500 (server default)\n",
		c.ok(t, "account", "quota", "set", "alice", "bytes=5MiB"))
	require.Contains(t, c.ok(t, "account", "quota", "set", "alice", "versions=0"), "versions      0 of no limit (this account's own)")
	out := c.ok(t, "account", "quota", "show", "alice", "--json")
	require.JSONEq(t, `{"account":"alice","usage":{"bytes":0,"versions":0},"limit":{"bytes":5242880,"versions":0},
		"own":{"bytes":5242880,"versions":0}}`, out)
	require.Contains(t, c.ok(t, "account", "quota", "unset", "alice", "bytes"), "stored bytes  0 of 1073741824 (server default)")

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"set", "alice"}, 2, "expected bytes=SIZE and/or versions=N"},
		{[]string{"set", "alice", "bytes=-1"}, 2, `"-1" is not a size`},
		{[]string{"set", "alice", "files=3"}, 2, `unknown measure "files"`},
		{[]string{"unset", "alice", "files"}, 2, `unknown measure "files"`},
		{[]string{"set", "bob", "bytes=1"}, 1, `no account named "bob"`},
		{[]string{"show"}, 2, "expected an account NAME"},
	} {
		code, _, errOut := c.run(t, append([]string{"account", "quota"}, tc.args...)...)
		require.Equal(t, tc.code, code, "%v: %s", tc.args, errOut)
		require.Contains(t, errOut, tc.want, "%v", tc.args)
	}
}
