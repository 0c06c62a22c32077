package gateway_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/gateway"
)

// TestStartChecksFilesFirst gives Start a configuration naming files that are missing or bad:
// every problem is reported at once and nothing is created, not even the data directory.
func TestStartChecksFilesFirst(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	require.NoError(t, os.WriteFile(notPEM, []byte("hello\n"), 0o600))
	cfg := testConfig(t)
	cfg.DataDir = filepath.Join(dir, "data")
	cfg.MasterKeyFile = filepath.Join(dir, "none.key")
	cfg.Taskd.ClientCAs = []string{filepath.Join(dir, "none.pem"), notPEM}
	cfg.Taskd.ServerCert, cfg.Taskd.ServerKey = notPEM, filepath.Join(dir, "none.key.pem")
	_, err := gateway.Start(t.Context(), cfg, zaptest.NewLogger(t))
	require.Error(t, err)
	for _, want := range []string{"--master-key-file: reading the master key", "--taskd-client-ca: open " + filepath.Join(dir, "none.pem"),
		"--taskd-client-ca: " + notPEM, "--taskd-server-cert: " + notPEM} {
		require.Contains(t, err.Error(), want)
	}
	require.NoDirExists(t, cfg.DataDir)
}

func TestPreflight(t *testing.T) {
	t.Parallel()
	require.NoError(t, gateway.DefaultConfig().Preflight(), "the defaults name no file")
	cfg := gateway.DefaultConfig()
	cfg.MasterKey = "not hex"
	cfg.MasterKeyFile = "/nonexistent"
	require.ErrorContains(t, cfg.Preflight(), "TASKGATE_MASTER_KEY: a master key is 32 bytes", "the key itself wins over the file")
	cfg = gateway.DefaultConfig()
	cfg.Taskd.Listen = gateway.TaskdOff
	cfg.Taskd.ClientCAs = []string{"/nonexistent"}
	require.NoError(t, cfg.Preflight(), "no taskd listener, no taskd files")
}
