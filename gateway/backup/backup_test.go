package backup_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/gateway/backup"
	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store"
)

// writers is how many clients write while the backup is taken.
const writers = 4

// TestBackupWhileClientsWrite takes a backup while clients add versions over HTTP, restores it
// into a new data directory and starts a server on it: each client's chain there is a prefix of
// what the client had acknowledged (the copy is one consistent moment) and holds every version
// acknowledged before the backup began; the plaintext account's secret opens with the restored
// master key, and the CA in the store is the same.
func TestBackupWhileClientsWrite(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	plain := addPlaintext(t, dataDir)
	base := serve(t, dataDir)

	ws, stop := startWriters(t, base)
	time.Sleep(300 * time.Millisecond)
	began := time.Now()
	report, err := backup.Create(t.Context(), backup.Options{DataDir: dataDir, Out: filepath.Join(t.TempDir(), "b.tar"),
		MasterKey: keys.Source{GenerateIn: dataDir}, Version: "test"})
	ended := time.Now()
	time.Sleep(100 * time.Millisecond)
	stop()
	require.NoError(t, err)
	require.Equal(t, backup.KeyIncluded, report.Manifest.MasterKey)

	restored := filepath.Join(t.TempDir(), "restored")
	_, err = backup.Restore(t.Context(), backup.RestoreOptions{Archive: report.Archive, DataDir: restored})
	require.NoError(t, err)
	require.Equal(t, caOf(t, dataDir), caOf(t, restored), "the CA in the store")
	require.Equal(t, plain, secretOf(t, restored), "the plaintext account's secret, opened with the restored key")

	rbase := serve(t, restored)
	for _, w := range ws {
		requirePrefix(t, w, chain(t, rbase, w.client), began, ended)
	}
}

// startWriters starts the writing clients; stop ends them and fails the test if one failed.
func startWriters(t *testing.T, base string) ([]*writer, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	ws := make([]*writer, writers)
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range ws {
		ws[i] = &writer{client: uuid.New()}
		wg.Go(func() { errs[i] = ws[i].run(ctx, base) })
	}
	return ws, func() {
		cancel()
		wg.Wait()
		for _, err := range errs {
			require.NoError(t, err)
		}
	}
}

// requirePrefix requires the restored chain to be a prefix of w's acknowledged versions that
// holds every version acknowledged before began.
func requirePrefix(t *testing.T, w *writer, restored []uuid.UUID, began, ended time.Time) {
	t.Helper()
	require.LessOrEqual(t, len(restored), len(w.acked), "client %s: the backup holds versions never acknowledged", w.client)
	before, during := 0, 0
	for i, a := range w.acked {
		if i < len(restored) {
			require.Equal(t, a.id, restored[i], "client %s, version %d", w.client, i+1)
		}
		switch {
		case a.at.Before(began):
			before++
		case a.at.Before(ended):
			during++
		}
	}
	require.GreaterOrEqual(t, len(restored), before, "client %s: versions acknowledged before the backup are lost", w.client)
	t.Logf("client %s: %d versions acknowledged before the backup, %d during it, %d restored, %d in all",
		w.client, before, during, len(restored), len(w.acked))
}

// addPlaintext creates a plaintext account in dataDir's store and returns its secret.
func addPlaintext(t *testing.T, dataDir string) string {
	t.Helper()
	m := manager(t, dataDir)
	created, err := m.Add(t.Context(), "household", store.ModePlaintext)
	require.NoError(t, err)
	return created.Taskrc3[accounts.TaskrcEncryptionSecret]
}

// secretOf opens the plaintext account's secret in dataDir's store with its master key.
func secretOf(t *testing.T, dataDir string) string {
	t.Helper()
	d, err := manager(t, dataDir).Show(t.Context(), "household")
	require.NoError(t, err)
	return d.Taskrc3[accounts.TaskrcEncryptionSecret]
}

// manager opens an account manager on the embedded store in dataDir with its master key.
func manager(t *testing.T, dataDir string) *accounts.Manager {
	t.Helper()
	cfg := gateway.DefaultConfig()
	cfg.DataDir = dataDir
	st, err := gateway.OpenAdminStore(t.Context(), cfg, zaptest.NewLogger(t))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, st.Close()) })
	key, _, err := keys.Load(cfg.MasterKeySource())
	require.NoError(t, err)
	return accounts.New(st, key, "http://127.0.0.1:8080")
}

// caOf returns taskgate's CA in dataDir's store, which must have one.
func caOf(t *testing.T, dataDir string) []byte {
	t.Helper()
	cfg := gateway.DefaultConfig()
	cfg.DataDir = dataDir
	st, err := gateway.OpenAdminStore(t.Context(), cfg, zaptest.NewLogger(t))
	require.NoError(t, err)
	defer st.Close()
	key, _, err := keys.Load(cfg.MasterKeySource())
	require.NoError(t, err)
	ca, created, err := pki.NewKeeper(st, key).CA(t.Context(), time.Now())
	require.NoError(t, err)
	require.False(t, created, "the store has no CA")
	return ca.CertPEM()
}

// requireSameFiles requires two directories to hold the same files.
func requireSameFiles(t *testing.T, want, got string) {
	t.Helper()
	files := readFiles(t, want)
	require.NotEmpty(t, files, "%s is empty", want)
	require.Equal(t, files, readFiles(t, got))
}
