package accounts_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/keys/keystest"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/postgres"
	"github.com/taskgate/taskgate/store/sqlite"
	"github.com/taskgate/taskgate/store/storetest"
)

// publicURL is the sync.server.url of every test Manager.
const publicURL = "https://tasks.example.org"

// taskdServer is the taskd.server of every test Manager.
const taskdServer = "tasks.example.org:53589"

// engine is what the tests use of a store: the Manager's slice and lookups of a client and of a
// taskd credential.
type engine interface {
	accounts.Store
	pki.Store
	ClientGet(ctx context.Context, clientID uuid.UUID) (store.Client, error)
	TaskdCredentialGet(ctx context.Context, key uuid.UUID) (store.TaskdCredential, store.Account, error)
}

// testStore is an engine plus a way to attach a second client id to an account, which no store
// method does.
type testStore struct {
	engine
	addClient func(t *testing.T, accountID int64, clientID uuid.UUID)
}

// opener opens a fresh, migrated store that is closed when the test ends.
type opener func(t *testing.T) *testStore

// eachStore runs fn against SQLite and PostgreSQL (skipped, or failed in CI, without
// TEST_DATABASE_URL).
func eachStore(t *testing.T, fn func(t *testing.T, open opener)) {
	t.Helper()
	engines := []struct {
		name string
		open opener
	}{{"SQLite", openSQLite}, {"PostgreSQL", openPostgres}}
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			fn(t, e.open)
		})
	}
}

func openSQLite(t *testing.T) *testStore {
	t.Helper()
	dir := storetest.SQLiteDir(t)
	s, err := sqlite.Open(t.Context(), sqlite.Options{Dir: dir, Migrate: true, Logger: zaptest.NewLogger(t)})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	add := func(t *testing.T, accountID int64, clientID uuid.UUID) {
		db, err := sql.Open("sqlite", filepath.Join(dir, sqlite.FileName))
		require.NoError(t, err)
		defer db.Close()
		_, err = db.ExecContext(t.Context(), `INSERT INTO champion_clients (client_id, account_id, created_at) VALUES (?, ?, ?)`,
			clientID.String(), accountID, time.Now().Unix())
		require.NoError(t, err)
	}
	return &testStore{engine: s, addClient: add}
}

func openPostgres(t *testing.T) *testStore {
	t.Helper()
	url := storetest.PostgresSchema(t)
	s, err := postgres.Open(t.Context(), postgres.Options{URL: url, Migrate: true, Logger: zaptest.NewLogger(t)})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	add := func(t *testing.T, accountID int64, clientID uuid.UUID) {
		conn, err := pgx.Connect(t.Context(), url)
		require.NoError(t, err)
		defer conn.Close(context.Background())
		_, err = conn.Exec(t.Context(), `INSERT INTO champion_clients (client_id, account_id) VALUES ($1, $2)`, clientID, accountID)
		require.NoError(t, err)
	}
	return &testStore{engine: s, addClient: add}
}

// testBundle is a Manager over a fresh store with a fresh master key and the PKI in that store
// (the CA is created there on first use).
type testBundle struct {
	ctx     context.Context
	st      *testStore
	master  keys.MasterKey
	pki     *pki.Keeper
	created atomic.Int32 // how often the Manager reported a new CA
	m       *accounts.Manager
}

func setup(t *testing.T, open opener) *testBundle {
	t.Helper()
	master := keystest.NewMasterKey(t)
	b := &testBundle{ctx: t.Context(), st: open(t), master: master}
	b.pki = pki.NewKeeper(b.st, master)
	b.m = accounts.New(b.st, master, publicURL, accounts.WithTaskd(accounts.TaskdSettings{
		Server: taskdServer, PKI: b.pki, CACreated: func() { b.created.Add(1) },
	}))
	return b
}

// account reads an account by name.
func (b *testBundle) account(t *testing.T, name string) store.Account {
	t.Helper()
	a, err := b.st.AccountGetByName(b.ctx, name)
	require.NoError(t, err)
	return a
}

// appendVersion seals ops for the chain's head, appends them as a new version and, for a
// plaintext account, applies them to its task state as the server does.
func (b *testBundle) appendVersion(t *testing.T, a store.Account, key codec.Key, ops ...codec.Op) store.Version {
	t.Helper()
	var v store.Version
	err := b.st.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		ch := tx.Chain()
		seg, err := codec.SealSegment(key, ch.Latest, ops)
		if err != nil {
			return err
		}
		if a.Mode == store.ModePlaintext {
			ptx, _, err := tx.Plaintext(ctx)
			if err != nil {
				return err
			}
			if err := chain.ApplyOps(ctx, ptx, ch.LatestSeq+1, ops, nil); err != nil {
				return err
			}
		}
		v, err = tx.VersionAppend(ctx, uuid.New(), ch.Latest, seg)
		return err
	})
	require.NoError(t, err)
	return v
}

// tasks returns the account's task states, deleted ones included.
func (b *testBundle) tasks(t *testing.T, accountID int64) []store.TaskState {
	t.Helper()
	states, err := b.st.TasksAll(b.ctx, accountID)
	require.NoError(t, err)
	return states
}

// history is a short editing session: two tasks created and changed, then one deleted.
func history() [][]codec.Op {
	a, c := uuid.MustParse("11111111-1111-4111-8111-111111111111"), uuid.MustParse("22222222-2222-4222-8222-222222222222")
	at := func(s int) time.Time { return time.Unix(1_700_000_000+int64(s), 0).UTC() }
	return [][]codec.Op{
		{codec.Create(a), codec.Set(a, "description", "buy milk", at(1)), codec.Set(a, "status", "pending", at(1)),
			codec.Set(a, "entry", "1700000001", at(1))},
		{codec.Create(c), codec.Set(c, "description", "call mum", at(2)), codec.Set(c, "status", "pending", at(2)),
			codec.Set(c, "entry", "1700000002", at(2)), codec.Set(a, "tag_shop", "", at(2))},
		{codec.Set(a, "description", "buy oat milk", at(3)), codec.Delete(c)},
	}
}

// clientKey derives the TaskChampion key of a device of d that uses secret.
func clientKey(t *testing.T, d accounts.Details, secret string) codec.Key {
	t.Helper()
	require.Len(t, d.ClientIDs, 1)
	return codec.DeriveKey([]byte(secret), d.ClientIDs[0])
}
