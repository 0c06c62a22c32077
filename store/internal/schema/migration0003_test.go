package schema_test

import (
	"database/sql"
	"testing"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/migrations"
)

// The rows migration 0003 finds: a plaintext account with one task, written in each engine's
// SQL.
var (
	sqliteRows0002 = []string{
		`INSERT INTO accounts (id, name, mode, created_at) VALUES (7, 'alice', 'plaintext', 0)`,
		`INSERT INTO tasks (account_id, uuid, data, times, seq, deleted)
		 VALUES (7, '0b9d4b1e-6b43-4f33-9d2b-5a2a4b6c7d8e', '{"description":"old"}', '{}', 12, 0)`,
	}
	postgresRows0002 = []string{
		`INSERT INTO accounts (id, name, mode) OVERRIDING SYSTEM VALUE VALUES (7, 'alice', 'plaintext')`,
		`INSERT INTO tasks (account_id, uuid, data, times, seq, deleted)
		 VALUES (7, '0b9d4b1e-6b43-4f33-9d2b-5a2a4b6c7d8e', '{"description":"old"}', '{}', 12, false)`,
	}
)

// the0003Tables are the tables migration 0003 creates.
var the0003Tables = []string{"task_history", "taskd_credentials", "taskd_orgs", "uda_types"}

func TestMigration0003SQLite(t *testing.T) {
	t.Parallel()
	migration0003(t, sqliteTarget(t), sqliteRows0002,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`)
}

func TestMigration0003Postgres(t *testing.T) {
	t.Parallel()
	migration0003(t, postgresTarget(t), postgresRows0002,
		`SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`)
}

// migration0003 migrates to 0002, stores rows, then goes up to 0003 (which must copy the task into
// its history), down to 0002 (which must drop exactly the new tables and keep the task) and up
// again.
func migration0003(t *testing.T, tg target, rows []string, tableExists string) {
	t.Helper()
	db := tg.open(t)
	m := newMigrate(t, tg.dir, tg.name, tg.driver(t))
	require.NoError(t, m.Migrate(2))
	for _, q := range rows {
		_, err := db.ExecContext(t.Context(), q)
		require.NoError(t, err, q)
	}
	require.NoError(t, m.Migrate(3))
	requireTables(t, db, tableExists, 1)
	var data string
	var seq int64
	err := db.QueryRowContext(t.Context(), `SELECT data, seq FROM task_history WHERE account_id = 7`).Scan(&data, &seq)
	require.NoError(t, err, "0003 must start the history of existing tasks")
	require.Equal(t, `{"description":"old"}`, data)
	require.Equal(t, int64(12), seq)

	require.NoError(t, m.Migrate(2))
	requireTables(t, db, tableExists, 0)
	var n int
	require.NoError(t, db.QueryRowContext(t.Context(), `SELECT count(*) FROM tasks`).Scan(&n))
	require.Equal(t, 1, n, "0003 down must keep the task state")
	require.NoError(t, m.Migrate(3), "up after down")
	requireTables(t, db, tableExists, 1)
	srcErr, dbErr := m.Close()
	require.NoError(t, srcErr)
	require.NoError(t, dbErr)
}

// newMigrate builds a golang-migrate instance over the embedded files of dir.
func newMigrate(t *testing.T, dir, name string, drv database.Driver) *migrate.Migrate {
	t.Helper()
	src, err := iofs.New(migrations.FS, dir)
	require.NoError(t, err)
	m, err := migrate.NewWithInstance("iofs", src, name, drv)
	require.NoError(t, err)
	return m
}

// requireTables checks that each table of migration 0003 exists (want 1) or not (want 0).
func requireTables(t *testing.T, db *sql.DB, tableExists string, want int) {
	t.Helper()
	for _, table := range the0003Tables {
		var n int
		require.NoError(t, db.QueryRowContext(t.Context(), tableExists, table).Scan(&n))
		require.Equal(t, want, n, "table %s", table)
	}
}
