package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/sqlite"
)

// The schema itself keeps keys, task state, task history, UDA types and taskd credentials on
// plaintext accounts, whatever writes to it: these tests bypass the store with plain SQL on a
// connection that, like every connection the store opens, enforces foreign keys.

// plaintextTables are the tables whose rows may only belong to a plaintext account.
var plaintextTables = []string{"account_keys", "tasks", "task_history", "uda_types", "taskd_credentials"}

func TestSchemaKeepsKeyedAccountPlaintext(t *testing.T) {
	t.Parallel()
	s, db, id := plaintextFixture(t)
	_, err := db.ExecContext(t.Context(), `UPDATE accounts SET mode = 'encrypted' WHERE id = ?`, id)
	require.ErrorContains(t, err, "_plaintext_only") // some table's CHECK, by cascade order
	requirePlaintext(t, s, id)
}

func TestSchemaEachTableKeepsAccountPlaintext(t *testing.T) {
	t.Parallel()
	for _, table := range plaintextTables {
		t.Run(table, func(t *testing.T) {
			t.Parallel()
			s, db, id := plaintextFixture(t)
			for _, other := range plaintextTables {
				if other != table {
					_, err := db.ExecContext(t.Context(), `DELETE FROM `+other+` WHERE account_id = ?`, id)
					require.NoError(t, err)
				}
			}
			_, err := db.ExecContext(t.Context(), `UPDATE accounts SET mode = 'encrypted' WHERE id = ?`, id)
			require.ErrorContains(t, err, table+"_plaintext_only", "%s rows alone must keep the account plaintext", table)
			requirePlaintext(t, s, id)
		})
	}
}

func TestSchemaRefusesRowsOfEncryptedAccount(t *testing.T) {
	t.Parallel()
	s, db, _ := plaintextFixture(t)
	a, err := s.AccountCreate(t.Context(), store.AccountCreateParams{Name: "bob", Mode: store.ModeEncrypted})
	require.NoError(t, err)
	inserts := map[string]string{
		"account_keys": `INSERT INTO account_keys (account_id, %s client_id, sealed_key, sealed_secret, created_at)
			VALUES (?, %s '` + uuid.NewString() + `', x'00', x'00', 0)`,
		"tasks": `INSERT INTO tasks (account_id, %s uuid, data, times, seq)
			VALUES (?, %s '` + uuid.NewString() + `', '{}', '{}', 1)`,
		"task_history": `INSERT INTO task_history (account_id, %s uuid, seq, data, times)
			VALUES (?, %s '` + uuid.NewString() + `', 1, '{}', '{}')`,
		"uda_types": `INSERT INTO uda_types (account_id, %s name, type) VALUES (?, %s 'estimate', 'duration')`,
		"taskd_credentials": `INSERT INTO taskd_credentials (account_id, %s org, user_name, key, created_at)
			VALUES (?, %s 'Public', 'bob', '` + uuid.NewString() + `', 0)`,
	}
	for _, table := range plaintextTables {
		_, err := db.ExecContext(t.Context(), fmt.Sprintf(inserts[table], "", ""), a.ID)
		require.ErrorContains(t, err, "FOREIGN KEY", "%s row of an encrypted account", table)
		_, err = db.ExecContext(t.Context(), fmt.Sprintf(inserts[table], "mode,", "'encrypted',"), a.ID)
		require.ErrorContains(t, err, table+"_plaintext_only", "%s row claiming mode encrypted", table)
	}
}

func TestSchemaDeleteCascades(t *testing.T) {
	t.Parallel()
	s, db, id := plaintextFixture(t)
	_, err := db.ExecContext(t.Context(), `DELETE FROM accounts WHERE id = ?`, id)
	require.NoError(t, err)
	_, err = s.AccountKeyGet(t.Context(), id)
	require.ErrorIs(t, err, store.ErrNotFound)
	for _, table := range plaintextTables {
		var n int
		require.NoError(t, db.QueryRowContext(t.Context(), `SELECT count(*) FROM `+table+` WHERE account_id = ?`, id).Scan(&n))
		require.Zero(t, n, table)
	}
}

// requirePlaintext checks that the account is still plaintext.
func requirePlaintext(t *testing.T, s *sqlite.Store, id int64) {
	t.Helper()
	a, err := s.AccountGet(t.Context(), id)
	require.NoError(t, err)
	require.Equal(t, store.ModePlaintext, a.Mode)
}

// plaintextFixture opens a store holding one plaintext account with a key, a taskd credential, a
// task (and so its history) and a UDA type, and a second connection to its file for plain SQL.
func plaintextFixture(t *testing.T) (*sqlite.Store, *sql.DB, int64) {
	t.Helper()
	dir := t.TempDir()
	s, err := open(t, dir, true)
	require.NoError(t, err)
	id := fillPlaintext(t, s)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.FileName)+
		"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)")
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	return s, db, id
}

// plaintextStore is what fillPlaintext needs of a store.
type plaintextStore interface {
	AccountCreate(ctx context.Context, p store.AccountCreateParams) (store.Account, error)
	ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error
}

// fillPlaintext creates the fixture's account, with a row in each of plaintextTables.
func fillPlaintext(t *testing.T, s plaintextStore) int64 {
	t.Helper()
	client := uuid.New()
	key := store.AccountKey{ClientID: client, SealedKey: []byte("k"), SealedSecret: []byte("s")}
	a, err := s.AccountCreate(t.Context(), store.AccountCreateParams{
		Name: "alice", Mode: store.ModePlaintext, ClientID: client, Key: &key,
		Taskd: &store.TaskdCredential{Org: "Public", User: "alice", Key: uuid.New()},
	})
	require.NoError(t, err)
	err = s.ChainUpdate(t.Context(), a.ID, func(ctx context.Context, tx store.ChainTx) error {
		ptx, _, err := tx.Plaintext(ctx)
		if err != nil {
			return err
		}
		if err := ptx.UDATypesPut(ctx, map[string]string{"estimate": "duration"}); err != nil {
			return err
		}
		return ptx.TasksPut(ctx, []store.TaskState{{UUID: uuid.New(), Data: []byte("{}"), Times: []byte("{}"), Seq: 1}})
	})
	require.NoError(t, err)
	return a.ID
}
