package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBackupRestore backs up a store with a plaintext account, refuses to overwrite the archive,
// restores it into a new data directory, where the account's secret opens, and refuses to
// restore over it.
func TestBackupRestore(t *testing.T) {
	t.Parallel()
	c := newCLI(t, nil)
	c.ok(t, "account", "add", "alice", "--plaintext")
	secret := secretLine(t, c.ok(t, "account", "show", "alice"))
	archive := filepath.Join(t.TempDir(), "backup.tar")

	out := c.ok(t, "backup", "--out", archive)
	require.Contains(t, out, "schema version")
	require.Contains(t, out, "1 account")
	require.Contains(t, out, "It holds the master key")
	code, _, errOut := c.run(t, "backup", "--out", archive)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "exists; choose another name, or --force")
	c.ok(t, "backup", "--out", archive, "--force")

	restored := filepath.Join(t.TempDir(), "restored")
	out = c.ok(t, "restore", "--in", archive, "--data-dir", restored)
	require.Contains(t, out, filepath.Join(restored, "master.key"))
	require.Equal(t, secret, secretLine(t, c.ok(t, "account", "show", "alice", "--data-dir", restored)))
	code, _, errOut = c.run(t, "restore", "--in", archive, "--data-dir", restored)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "refusing to overwrite")
}

// TestBackupOptions: missing --out or --in and a PostgreSQL store are reported together.
func TestBackupOptions(t *testing.T) {
	t.Parallel()
	c := newCLI(t, map[string]string{"TASKGATE_DB": "postgres://taskgate@db/taskgate"})
	for _, cmd := range [][]string{{"backup"}, {"restore"}} {
		code, _, errOut := c.run(t, cmd...)
		require.Equal(t, 1, code)
		require.Contains(t, errOut, "FILE is required")
		require.Contains(t, errOut, "pg_dump")
	}
	entries, err := os.ReadDir(c.dir)
	require.NoError(t, err)
	require.Empty(t, entries, "nothing is created")
}

// secretLine returns the sync.encryption_secret line of show's output.
func secretLine(t *testing.T, out string) string {
	t.Helper()
	for line := range strings.Lines(out) {
		if strings.Contains(line, "sync.encryption_secret=") {
			return strings.TrimSpace(line)
		}
	}
	t.Fatalf("no sync.encryption_secret in:\n%s", out)
	return ""
}
