package taskdimport_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/gateway/taskdimport"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/keys/keystest"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
	"github.com/taskgate/taskgate/taskd"
)

// capturedRoot is the root of a real taskd 1.1.0 installation after a recorded session.
const capturedRoot = "../../testdata/captured/taskd-1.1.0/var-lib-taskd"

// capturedKey is the taskd key of the captured installation's only user, Public/alice.
const capturedKey = "f30f538c-45eb-4e69-ac7f-3f67379e3468"

// capturedTxData is that user's transaction log.
var capturedTxData = filepath.Join(capturedRoot, "orgs/Public/users", capturedKey, "tx.data")

// engine is what these tests need of a store.
type engine interface {
	taskdimport.Store
	taskdsync.Store
	TasksAll(ctx context.Context, accountID int64) ([]store.TaskState, error)
	AccountList(ctx context.Context) ([]store.Account, error)
	AccountClients(ctx context.Context, accountID int64) ([]uuid.UUID, error)
	SnapshotGet(ctx context.Context, accountID int64) (store.SnapshotMeta, []byte, error)
	VersionGet(ctx context.Context, accountID int64, id uuid.UUID) (store.Version, error)
	TaskdOrgGet(ctx context.Context, name string) (store.TaskdOrg, error)
}

// publicURL is the sync.server.url the tests import with.
const publicURL = "https://tasks.example.org"

// bundle is one test's store, master key and PKI directory.
type bundle struct {
	st     engine
	master keys.MasterKey
	pkiDir string
}

// eachStore runs fn on a fresh SQLite and a fresh PostgreSQL store, as parallel subtests.
func eachStore(t *testing.T, fn func(t *testing.T, b *bundle)) {
	t.Helper()
	testengines.Each(t, func(t *testing.T, st engine) {
		fn(t, &bundle{st: st, master: keystest.NewMasterKey(t), pkiDir: filepath.Join(t.TempDir(), "pki")})
	})
}

// run imports root with opts (Root, PKIDir and PublicURL filled in) and requires it to start.
func (b *bundle) run(t *testing.T, root string, opts taskdimport.Options) taskdimport.Report {
	t.Helper()
	opts.Root, opts.PublicURL = root, publicURL
	if opts.PKIDir == "" {
		opts.PKIDir = b.pkiDir
	}
	rep, err := taskdimport.New(b.st, b.master, opts).Run(t.Context())
	require.NoError(t, err)
	return rep
}

// account returns the account holding a taskd key.
func (b *bundle) account(t *testing.T, key string) (store.TaskdCredential, store.Account) {
	t.Helper()
	cred, acct, err := b.st.TaskdCredentialGet(t.Context(), uuid.MustParse(key))
	require.NoError(t, err)
	return cred, acct
}

// sync runs a taskd sync that uploads nothing, as a 2.x client holding key.
func (b *bundle) sync(t *testing.T, cred store.TaskdCredential, key string) taskd.SyncResponse {
	t.Helper()
	log := zaptest.NewLogger(t)
	svc := taskdsync.New(b.st, chain.New(b.st, b.master, champion.DefaultConfig().CoreConfig()), log)
	a, err := svc.Authenticate(t.Context(), taskd.Credentials{Org: cred.Org, User: cred.User, Key: cred.Key.String()})
	require.NoError(t, err)
	resp, err := svc.Sync(t.Context(), a, taskd.SyncRequest{Key: key, Client: "task 2.6.2"})
	require.NoError(t, err)
	return resp
}

// clientKey derives the TaskChampion key of a Taskwarrior 3 device with the printed settings.
func clientKey(t *testing.T, ar taskdimport.AccountReport) (uuid.UUID, codec.Key) {
	t.Helper()
	id := uuid.MustParse(ar.Taskrc3["sync.server.client_id"])
	return id, codec.DeriveKey([]byte(ar.Taskrc3["sync.encryption_secret"]), id)
}

// lastLines returns the last line of every task of a tx.data and its last key line, read the
// simplest way.
func lastLines(t *testing.T, path string) (map[string]string, string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	tasks, key := map[string]string{}, ""
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if !strings.HasPrefix(line, "{") {
			key = line
			continue
		}
		i := strings.Index(line, `"uuid":"`) + len(`"uuid":"`)
		tasks[line[i:i+36]] = line
	}
	return tasks, key
}

// writeFile writes a file of a generated root, creating its directories.
func writeFile(t testing.TB, path, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
}

// fixedNow is the import time of generated roots.
var fixedNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
