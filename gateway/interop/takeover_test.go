package interop

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/pki"
)

// TestTakeOverPKIDirectory: a data directory whose PKI directory holds a CA, as taskgate kept it
// before the store did, is taken over on first start: a Taskwarrior 2.6 device whose certificate
// that CA signed before the upgrade syncs under taskd.trust=strict, and so does a device issued
// afterwards by `taskgate account device add`.
func TestTakeOverPKIDirectory(t *testing.T) {
	t.Parallel()
	eachStore(t, testTakeOverPKIDirectory)
}

func testTakeOverPKIDirectory(t *testing.T, storeArgs []string) {
	old, _, err := pki.EnsureCA(filepath.Join(argValue(t, storeArgs, "--data-dir"), "pki"), time.Now())
	require.NoError(t, err)
	srv := startTaskdServer(t, storeArgs)
	acct := srv.addTaskdAccount(t, "household")

	dir := t.TempDir()
	certPEM, keyPEM, err := old.IssueDevice("old-laptop", time.Now())
	require.NoError(t, err)
	files := map[string][]byte{"ca.cert.pem": old.CertPEM(), "old-laptop.cert.pem": certPEM, "old-laptop.key.pem": keyPEM}
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o600))
	}
	laptop := newTW2(t, "old-laptop", with(acct.taskrc2, "taskd.trust", "strict",
		"taskd.ca", filepath.Join(dir, "ca.cert.pem"),
		"taskd.certificate", filepath.Join(dir, "old-laptop.cert.pem"),
		"taskd.key", filepath.Join(dir, "old-laptop.key.pem")))
	laptop.task(t, "add", "issued before the upgrade")
	laptop.sync(t)

	phone := newTW2(t, "phone", with(srv.addDevice(t, "household", "phone"), "taskd.trust", "strict"))
	phone.sync(t)
	require.Contains(t, phone.task(t, "export"), "issued before the upgrade")
	requireFileEqual(t, old.CertPEM(), acct.taskrc2["taskd.ca"])
}

// requireFileEqual requires the file at path to hold want.
func requireFileEqual(t *testing.T, want []byte, path string) {
	t.Helper()
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), path)
}
