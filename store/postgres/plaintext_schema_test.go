package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/postgres"
	"github.com/taskgate/taskgate/store/storetest"
)

// The schema itself keeps keys, task state, task history, UDA types and taskd credentials on
// plaintext accounts, whatever writes to it: these tests bypass the store with plain SQL.

// plaintextTables are the tables whose rows may only belong to a plaintext account.
var plaintextTables = []string{"account_keys", "tasks", "task_history", "uda_types", "taskd_credentials"}

func TestSchemaKeepsKeyedAccountPlaintext(t *testing.T) {
	t.Parallel()
	s, conn, id := plaintextFixture(t)
	_, err := conn.Exec(t.Context(), `UPDATE accounts SET mode = 'encrypted' WHERE id = $1`, id)
	require.ErrorContains(t, err, "_plaintext_only") // some table's CHECK, by cascade order
	requirePlaintext(t, s, id)
}

func TestSchemaEachTableKeepsAccountPlaintext(t *testing.T) {
	t.Parallel()
	storetest.PostgresURL(t)
	for _, table := range plaintextTables {
		t.Run(table, func(t *testing.T) {
			t.Parallel()
			s, conn, id := plaintextFixture(t)
			for _, other := range plaintextTables {
				if other != table {
					_, err := conn.Exec(t.Context(), `DELETE FROM `+other+` WHERE account_id = $1`, id)
					require.NoError(t, err)
				}
			}
			_, err := conn.Exec(t.Context(), `UPDATE accounts SET mode = 'encrypted' WHERE id = $1`, id)
			require.ErrorContains(t, err, table+"_plaintext_only", "%s rows alone must keep the account plaintext", table)
			requirePlaintext(t, s, id)
		})
	}
}

func TestSchemaRefusesRowsOfEncryptedAccount(t *testing.T) {
	t.Parallel()
	s, conn, _ := plaintextFixture(t)
	a, err := s.AccountCreate(t.Context(), store.AccountCreateParams{Name: "bob", Mode: store.ModeEncrypted})
	require.NoError(t, err)
	inserts := map[string]string{
		"account_keys": `INSERT INTO account_keys (account_id, %s client_id, sealed_key, sealed_secret)
			VALUES ($1, %s gen_random_uuid(), '\x00', '\x00')`,
		"tasks": `INSERT INTO tasks (account_id, %s uuid, data, times, seq)
			VALUES ($1, %s gen_random_uuid(), '{}', '{}', 1)`,
		"task_history": `INSERT INTO task_history (account_id, %s uuid, seq, data, times)
			VALUES ($1, %s gen_random_uuid(), 1, '{}', '{}')`,
		"uda_types": `INSERT INTO uda_types (account_id, %s name, type) VALUES ($1, %s 'estimate', 'duration')`,
		"taskd_credentials": `INSERT INTO taskd_credentials (account_id, %s org, user_name, key)
			VALUES ($1, %s 'Public', 'bob', gen_random_uuid())`,
	}
	for _, table := range plaintextTables {
		_, err := conn.Exec(t.Context(), fmt.Sprintf(inserts[table], "", ""), a.ID)
		require.ErrorContains(t, err, table+"_plaintext_account", "%s row of an encrypted account", table)
		_, err = conn.Exec(t.Context(), fmt.Sprintf(inserts[table], "mode,", "'encrypted',"), a.ID)
		require.ErrorContains(t, err, table+"_plaintext_only", "%s row claiming mode encrypted", table)
	}
}

func TestSchemaDeleteCascades(t *testing.T) {
	t.Parallel()
	s, conn, id := plaintextFixture(t)
	_, err := conn.Exec(t.Context(), `DELETE FROM accounts WHERE id = $1`, id)
	require.NoError(t, err)
	_, err = s.AccountKeyGet(t.Context(), id)
	require.ErrorIs(t, err, store.ErrNotFound)
	for _, table := range plaintextTables {
		var n int
		require.NoError(t, conn.QueryRow(t.Context(), `SELECT count(*) FROM `+table+` WHERE account_id = $1`, id).Scan(&n))
		require.Zero(t, n, table)
	}
}

// requirePlaintext checks that the account is still plaintext.
func requirePlaintext(t *testing.T, s *postgres.Store, id int64) {
	t.Helper()
	a, err := s.AccountGet(t.Context(), id)
	require.NoError(t, err)
	require.Equal(t, store.ModePlaintext, a.Mode)
}

// plaintextFixture opens a store in a fresh schema holding one plaintext account with a key, a
// taskd credential, a task (and so its history) and a UDA type, and a connection of its own to
// the schema for plain SQL.
func plaintextFixture(t *testing.T) (*postgres.Store, *pgx.Conn, int64) {
	t.Helper()
	url := storetest.PostgresSchema(t)
	s, err := open(t, url, true)
	require.NoError(t, err)
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
	conn, err := pgx.Connect(t.Context(), url)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, conn.Close(context.Background())) })
	return s, conn, a.ID
}
