package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// taskrc2Settings are the five Taskwarrior 2.x settings of a device with a certificate.
var taskrc2Settings = []string{"taskd.server", "taskd.credentials", "taskd.ca", "taskd.certificate", "taskd.key"}

// credentialsRE matches taskd.credentials=ORG/USER/KEY for Public/home.
const credentialsRE = `^Public/home/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`

// deviceJSON is the --json output of account add --taskd and account device add.
type deviceJSON struct {
	Account string            `json:"account"`
	Device  string            `json:"device"`
	Taskd   []map[string]any  `json:"taskd"`
	Taskrc2 map[string]string `json:"taskrc2"`
}

func TestAccountAddTaskdText(t *testing.T) {
	t.Parallel()
	c := newCLI(t, map[string]string{"TASKGATE_TASKD_LISTEN": "0.0.0.0:5000"})
	out := filepath.Join(t.TempDir(), "devices")
	code, stdout, stderr := c.run(t, "account", "add", "home", "--plaintext", "--taskd", "Public/home", "--out", out)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "Created taskgate's CA in the store")
	require.Contains(t, stdout, "  taskd:      Public/home\n")
	require.NotEmpty(t, requireTaskrc(t, stdout, "sync.encryption_secret"), "the 3.x lines are printed too")
	require.Contains(t, stdout, `Add these lines to the .taskrc of the Taskwarrior 2.x device "home":`)
	require.Equal(t, "localhost:5000", requireTaskrc(t, stdout, "taskd.server"))
	require.Regexp(t, credentialsRE, requireTaskrc(t, stdout, "taskd.credentials"))
	for key, file := range map[string]string{"taskd.ca": "ca.cert.pem", "taskd.certificate": "home.cert.pem", "taskd.key": "home.key.pem"} {
		require.Equal(t, filepath.Join(out, file), requireTaskrc(t, stdout, key))
		require.FileExists(t, filepath.Join(out, file))
	}
	requireOrder(t, stdout, taskrc2Settings)
	requireMode(t, out, 0o700)
	requireMode(t, filepath.Join(out, "home.key.pem"), 0o600)

	list := c.ok(t, "account", "list")
	require.Regexp(t, `(?m)^home\s+plaintext\s+active\s+1\s+Public/home\s+\S+$`, list)
}

func TestAccountAddTaskdJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		server string
	}{
		{"DefaultListen", nil, nil, "127.0.0.1:53589"},
		{"ListenEnv", map[string]string{"TASKGATE_TASKD_LISTEN": "[::]:5000"}, nil, "localhost:5000"},
		{"PublicAddrEnv", map[string]string{"TASKGATE_TASKD_PUBLIC_ADDR": "tasks.example.org:53589", "TASKGATE_TASKD_LISTEN": "off"},
			nil, "tasks.example.org:53589"},
		{"PublicAddrFlag", map[string]string{"TASKGATE_TASKD_PUBLIC_ADDR": "tasks.example.org:53589"},
			[]string{"--taskd-public-addr", "[2001:db8::1]:443"}, "2001:db8::1:443"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, tt.env)
			out := t.TempDir()
			args := append([]string{"account", "add", "home", "--plaintext", "--json", "--taskd", "Public/home", "--out", out, "--device", "laptop"}, tt.args...)
			stdout := c.ok(t, args...)
			var obj map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(stdout), &obj), stdout)
			require.ElementsMatch(t, []string{"name", "mode", "status", "client_ids", "taskd", "created_at", "taskrc3", "taskrc2"}, mapKeys(obj))
			var d deviceJSON
			require.NoError(t, json.Unmarshal([]byte(stdout), &d))
			require.Equal(t, []map[string]any{{"org": "Public", "user": "home"}}, d.Taskd)
			require.ElementsMatch(t, taskrc2Settings, mapKeys(d.Taskrc2))
			require.Equal(t, tt.server, d.Taskrc2["taskd.server"])
			require.Regexp(t, credentialsRE, d.Taskrc2["taskd.credentials"])
			require.Equal(t, filepath.Join(out, "laptop.cert.pem"), d.Taskrc2["taskd.certificate"])
			require.Equal(t, filepath.Join(out, "laptop.key.pem"), d.Taskrc2["taskd.key"])
			require.Equal(t, filepath.Join(out, "ca.cert.pem"), d.Taskrc2["taskd.ca"])
		})
	}
}

func TestAccountDeviceAdd(t *testing.T) {
	t.Parallel()
	c := newCLI(t, map[string]string{"TASKGATE_TASKD_PUBLIC_ADDR": "tasks.example.org:53589"})
	var created deviceJSON
	require.NoError(t, json.Unmarshal([]byte(c.ok(t, "account", "add", "home", "--plaintext", "--json",
		"--taskd", "Public/home", "--out", t.TempDir())), &created))

	out := t.TempDir()
	stdout := c.ok(t, "account", "device", "add", "home", "--device", "phone", "--out", out)
	require.Contains(t, stdout, `Issued a certificate for device "phone" of account "home".`)
	require.Equal(t, created.Taskrc2["taskd.credentials"], requireTaskrc(t, stdout, "taskd.credentials"))
	require.Equal(t, "tasks.example.org:53589", requireTaskrc(t, stdout, "taskd.server"))
	require.Equal(t, filepath.Join(out, "phone.cert.pem"), requireTaskrc(t, stdout, "taskd.certificate"))
	requireOrder(t, stdout, taskrc2Settings)

	var d deviceJSON
	require.NoError(t, json.Unmarshal([]byte(c.ok(t, "account", "device", "add", "home", "--out", out, "--json")), &d))
	require.Equal(t, deviceJSON{Account: "home", Device: "home", Taskrc2: map[string]string{
		"taskd.server":      "tasks.example.org:53589",
		"taskd.credentials": created.Taskrc2["taskd.credentials"],
		"taskd.ca":          filepath.Join(out, "ca.cert.pem"),
		"taskd.certificate": filepath.Join(out, "home.cert.pem"),
		"taskd.key":         filepath.Join(out, "home.key.pem"),
	}}, d)

	code, _, stderr := c.run(t, "account", "device", "add", "home", "--out", out)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "taskgate account: device: add: "+filepath.Join(out, "home.cert.pem")+" already exists")
}

func TestAccountShowTaskd(t *testing.T) {
	t.Parallel()
	c := newCLI(t, map[string]string{"TASKGATE_TASKD_LISTEN": "0.0.0.0:5000"})
	var created deviceJSON
	require.NoError(t, json.Unmarshal([]byte(c.ok(t, "account", "add", "home", "--plaintext", "--json",
		"--taskd", "Public/home", "--out", t.TempDir())), &created))

	shown := c.ok(t, "account", "show", "home")
	require.Contains(t, shown, "Add these lines to the .taskrc of every Taskwarrior 2.x device of this account:")
	require.Equal(t, "localhost:5000", requireTaskrc(t, shown, "taskd.server"))
	require.Equal(t, created.Taskrc2["taskd.credentials"], requireTaskrc(t, shown, "taskd.credentials"))
	require.NotContains(t, shown, "taskd.certificate=")
	require.Contains(t, shown, "taskgate account device add home --device NAME")

	var d deviceJSON
	require.NoError(t, json.Unmarshal([]byte(c.ok(t, "account", "show", "home", "--json")), &d))
	require.Equal(t, map[string]string{"taskd.server": "localhost:5000", "taskd.credentials": created.Taskrc2["taskd.credentials"]}, d.Taskrc2)

	c.ok(t, "account", "add", "plain", "--plaintext")
	shown = c.ok(t, "account", "show", "plain")
	require.NotContains(t, shown, "taskd")
	var obj map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(c.ok(t, "account", "show", "plain", "--json")), &obj))
	require.NotContains(t, mapKeys(obj), "taskrc2")
}

func TestAccountTaskdRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want []string
	}{
		{"Encrypted", nil, []string{"account", "add", "home", "--encrypted", "--taskd", "Public/home"},
			[]string{"taskd (Taskwarrior 2.x) needs a plaintext account", "cannot merge what it cannot read", "--plaintext", "taskgate account convert"}},
		{"NotOrgUser", nil, []string{"account", "add", "home", "--plaintext", "--taskd", "Public"},
			[]string{"invalid configuration", `--taskd: taskd login "Public" is not ORG/USER`}},
		{"ThreeParts", nil, []string{"account", "add", "home", "--plaintext", "--taskd", "Public/home/x"},
			[]string{`taskd user "home/x" contains '/'`}},
		{"Whitespace", nil, []string{"account", "add", "home", "--plaintext", "--taskd", "Pub lic/home"},
			[]string{`taskd org "Pub lic" contains whitespace`}},
		{"DeviceWithoutTaskd", nil, []string{"account", "add", "home", "--plaintext", "--device", "laptop"},
			[]string{"--device and --out name the device of --taskd"}},
		{"BadDevice", nil, []string{"account", "add", "home", "--plaintext", "--taskd", "Public/home", "--device", "my phone"},
			[]string{`device name "my phone" cannot be a file name`}},
		{"TaskdOff", map[string]string{"TASKGATE_TASKD_LISTEN": "off"}, []string{"account", "add", "home", "--plaintext", "--taskd", "Public/home"},
			[]string{"the taskd listener is off", "--taskd-public-addr"}},
		{"BadPublicAddr", nil, []string{"account", "add", "home", "--plaintext", "--taskd", "Public/home", "--taskd-public-addr", "tasks.example.org"},
			[]string{"--taskd-public-addr: taskd server \"tasks.example.org\" is not HOST:PORT"}},
		{"DeviceAddNoAccount", nil, []string{"account", "device", "add", "home"},
			[]string{`taskgate account: device: add: no account named "home"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, tt.env)
			c.ok(t, "migrate") // a store for account list to read afterwards
			out := t.TempDir()
			code, _, stderr := c.run(t, append(tt.args, "--out", out)...)
			require.Equal(t, 1, code, stderr)
			for _, want := range tt.want {
				require.Contains(t, stderr, want)
			}
			require.Empty(t, listDir(t, out), "a refused command writes no device file")
			require.Contains(t, c.ok(t, "account", "list"), "No accounts yet", "a refused command creates no account")
		})
	}
}

func TestAccountTaskdLoginTaken(t *testing.T) {
	t.Parallel()
	c := newCLI(t, nil)
	c.ok(t, "account", "add", "home", "--plaintext", "--taskd", "Public/home", "--out", t.TempDir())
	c.ok(t, "account", "add", "plain", "--plaintext")
	out := filepath.Join(t.TempDir(), "other")
	code, _, stderr := c.run(t, "account", "add", "other", "--plaintext", "--taskd", "Public/home", "--out", out)
	require.Equal(t, 1, code)
	require.Equal(t, "taskgate account: add: the taskd login Public/home belongs to another account; choose another "+
		"ORG/USER (nothing was created)\n", stderr)
	require.NoDirExists(t, out, "the files and the directory made for them are removed again")
	require.NotContains(t, c.ok(t, "account", "list"), "other")

	code, _, stderr = c.run(t, "account", "device", "add", "plain", "--out", out)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, `account "plain" has no taskd credentials`)
	require.NoDirExists(t, out)
}

// TestAccountAddTaskdDefaultOut writes the device files into the working directory. It changes
// the directory of the whole process, so it cannot run in parallel.
func TestAccountAddTaskdDefaultOut(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	stdout := newCLI(t, nil).ok(t, "account", "add", "home", "--plaintext", "--taskd", "Public/home")
	require.Equal(t, filepath.Join(dir, "home.key.pem"), requireTaskrc(t, stdout, "taskd.key"))
	require.ElementsMatch(t, []string{"ca.cert.pem", "home.cert.pem", "home.key.pem"}, listDir(t, dir))
}

// requireOrder checks that the .taskrc lines of keys appear in this order.
func requireOrder(t *testing.T, out string, keys []string) {
	t.Helper()
	last := -1
	for _, k := range keys {
		i := strings.Index(out, "\n"+k+"=")
		require.Greaterf(t, i, last, "%s= after the previous setting in:\n%s", k, out)
		last = i
	}
}

// requireMode checks the permission bits of path.
func requireMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, want, info.Mode().Perm(), "mode of %s", path)
}

// listDir returns the names in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
