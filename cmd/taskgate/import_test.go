package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// importRoot is the captured taskd 1.1.0 root, absolute so that reports can be compared.
func importRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../../testdata/captured/taskd-1.1.0/var-lib-taskd")
	require.NoError(t, err)
	return root
}

func TestImportTaskdJSON(t *testing.T) {
	t.Parallel()
	c := newCLI(t, map[string]string{"TASKGATE_PUBLIC_URL": "https://tasks.example.org"})
	out := c.ok(t, "import", "taskd", "--root", importRoot(t), "--json", "--keep-server-cert")
	var rep struct {
		Accounts []struct {
			Account string            `json:"account"`
			Key     string            `json:"key"`
			Status  string            `json:"status"`
			Tasks   int               `json:"tasks"`
			Taskrc3 map[string]string `json:"taskrc3"`
		} `json:"accounts"`
		Problems []json.RawMessage `json:"problems"`
		PKI      []struct {
			To string `json:"to"`
		} `json:"pki"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	require.Len(t, rep.Accounts, 1)
	a := rep.Accounts[0]
	require.Equal(t, "Public/alice", a.Account)
	require.Equal(t, "imported", a.Status)
	require.Equal(t, 4, a.Tasks)
	require.Equal(t, "https://tasks.example.org", a.Taskrc3["sync.server.url"])
	require.Len(t, a.Taskrc3, 3)
	require.NotNil(t, rep.Problems)
	require.Empty(t, rep.Problems)
	require.Equal(t, []string{"pki/client-cas/taskd-ca.cert.pem", "pki/taskd-server.key.pem", "pki/taskd-server.cert.pem"},
		relPaths(t, c.dir, rep.PKI[0].To, rep.PKI[1].To, rep.PKI[2].To))

	out = c.ok(t, "import", "taskd", "--root", importRoot(t), "--json")
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, "skipped", rep.Accounts[0].Status, "a second run changes nothing")
}

func relPaths(t *testing.T, base string, paths ...string) []string {
	t.Helper()
	out := make([]string, len(paths))
	for i, p := range paths {
		rel, err := filepath.Rel(base, p)
		require.NoError(t, err)
		out[i] = rel
	}
	return out
}

func TestImportTaskdText(t *testing.T) {
	t.Parallel()
	c := newCLI(t, nil)
	out := c.ok(t, "import", "taskd", "--root", importRoot(t))
	for _, want := range []string{
		"Imported taskd root " + importRoot(t),
		"ORG     USER   KEY                                   ACCOUNT       TASKS  VERSIONS  STATUS",
		"Public  alice  f30f538c-45eb-4e69-ac7f-3f67379e3468  Public/alice  4      1         imported",
		"written     " + filepath.Join(importRoot(t), "pki/ca.cert.pem") + " -> " + filepath.Join(c.dir, "pki/client-cas/taskd-ca.cert.pem"),
		"Account \"Public/alice\": its Taskwarrior 2.x devices keep their settings.",
		"sync.server.url=http://127.0.0.1:8080\nsync.server.client_id=",
		"sync.encryption_secret=",
	} {
		require.Contains(t, out, want)
	}
}

func TestImportTaskdDryRunCreatesNothing(t *testing.T) {
	t.Parallel()
	c := newCLI(t, nil)
	out := c.ok(t, "import", "taskd", "--root", importRoot(t), "--dry-run", "--keep-server-cert")
	require.Contains(t, out, "nothing was written")
	require.Contains(t, out, "would import")
	require.Contains(t, out, "would write")
	require.NotContains(t, out, "sync.encryption_secret")
	entries, err := os.ReadDir(c.dir)
	require.NoError(t, err)
	require.Empty(t, entries, "no database, master key or certificate")
}

func TestImportTaskdFailureExitsNonZero(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	bad := filepath.Join(root, "orgs/Public/users/f30f538c-45eb-4e69-ac7f-3f67379e3468")
	require.NoError(t, os.MkdirAll(filepath.Dir(bad), 0o700))
	require.NoError(t, os.WriteFile(bad, []byte("not a directory"), 0o600))
	code, out, errOut := newCLI(t, nil).run(t, "import", "taskd", "--root", root)
	require.Equal(t, 1, code)
	require.Contains(t, out, "failed")
	require.Contains(t, out, bad+": user skipped: user directory unreadable")
	require.Contains(t, errOut, "some accounts failed to import")
}

func TestImportTaskdUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"import", "taskd"}, 1, "--root is required"},
		{[]string{"import"}, 2, "taskgate import: missing source\nRun 'taskgate import --help' for usage."},
		{[]string{"import", "nope"}, 2, `unknown source "nope"`},
		{[]string{"import", "taskd", "--root", "/nonexistent"}, 1, "/nonexistent is not a taskd root"},
		{[]string{"import", "--help"}, 0, "taskd"},
	}
	for _, tt := range tests {
		code, stdout, stderr := newCLI(t, nil).run(t, tt.args...)
		require.Equalf(t, tt.code, code, "%v", tt.args)
		require.Containsf(t, stdout+stderr, tt.contains, "%v", tt.args)
	}
}

func TestImportTaskdHelpDocumentsEveryOption(t *testing.T) {
	t.Parallel()
	set := importTaskdOptions(&accountSetup{withKey: true}, &importTaskdFlags{})
	code, stdout, stderr := newCLI(t, nil).run(t, "import", "taskd", "--help")
	require.Equal(t, 0, code)
	out := stdout + stderr
	require.Contains(t, out, "Usage: taskgate import taskd --root DIR")
	for _, o := range set.opts {
		if o.hidden {
			continue
		}
		require.Contains(t, out, o.name())
		require.NotEmpty(t, strings.TrimSpace(o.usage), o.name())
	}
	for _, want := range []string{"--root DIR", "--dry-run", "--json", "--keep-server-cert", "--pki-dir DIR", "--data-dir DIR",
		"--db URL", "--master-key-file PATH", "TASKGATE_MASTER_KEY (environment only)", "--public-url URL"} {
		require.Contains(t, out, want)
	}
}
