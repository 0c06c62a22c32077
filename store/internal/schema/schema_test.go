package schema_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	migratepgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	migratesqlite "github.com/golang-migrate/migrate/v4/database/sqlite"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for the PostgreSQL round trip
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/migrations"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/schema"
	"github.com/taskgate/taskgate/store/storetest"
)

func TestLatest(t *testing.T) {
	t.Parallel()
	pg, err := schema.Latest("postgres")
	require.NoError(t, err)
	lite, err := schema.Latest("sqlite")
	require.NoError(t, err)
	require.Positive(t, pg)
	require.Equal(t, pg, lite)
	_, err = schema.Latest("oracle")
	require.Error(t, err)
}

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		version uint
		dirty   bool
		latest  uint
		want    string // "" for no error, else a part of the message
	}{
		{"Current", 3, false, 3, ""},
		{"Empty", 0, false, 3, "run `taskgate migrate`"},
		{"Behind", 2, false, 3, "at version 2, this taskgate needs 3"},
		{"Newer", 4, false, 3, "upgrade taskgate"},
		{"Dirty", 3, true, 3, "dirty"},
		{"DirtyAndBehind", 2, true, 3, "`taskgate migrate`"},
	}
	for _, tt := range tests {
		err := schema.Check(tt.version, tt.dirty, tt.latest)
		if tt.want == "" {
			require.NoError(t, err, "Check(%d, %t, %d)", tt.version, tt.dirty, tt.latest)
			continue
		}
		require.ErrorIs(t, err, store.ErrSchemaVersion, tt.name)
		require.ErrorContains(t, err, tt.want, tt.name)
	}
}

func TestRoundTripSQLite(t *testing.T) {
	t.Parallel()
	tg := sqliteTarget(t)
	roundTrip(t, tg.dir, tg.name, func() database.Driver { return tg.driver(t) })
}

func TestRoundTripPostgres(t *testing.T) {
	t.Parallel()
	tg := postgresTarget(t)
	roundTrip(t, tg.dir, tg.name, func() database.Driver { return tg.driver(t) })
}

// target is a fresh database of one engine, with what it takes to migrate it.
type target struct {
	dir, name    string // migrations folder and golang-migrate driver name
	sqlDriver    string // database/sql driver name
	dsn          string
	withInstance func(db *sql.DB) (database.Driver, error)
}

// sqliteTarget is a fresh SQLite file.
func sqliteTarget(t *testing.T) target {
	t.Helper()
	return target{
		dir: "sqlite", name: "sqlite", sqlDriver: "sqlite",
		dsn: filepath.Join(t.TempDir(), "db.sqlite3") + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)",
		withInstance: func(db *sql.DB) (database.Driver, error) {
			return migratesqlite.WithInstance(db, &migratesqlite.Config{})
		},
	}
}

// postgresTarget is a fresh PostgreSQL schema.
func postgresTarget(t *testing.T) target {
	t.Helper()
	return target{
		dir: "postgres", name: "pgx5", sqlDriver: "pgx", dsn: storetest.PostgresSchema(t),
		withInstance: func(db *sql.DB) (database.Driver, error) {
			return migratepgx.WithInstance(db, &migratepgx.Config{})
		},
	}
}

// open opens the database for plain SQL, closed when the test ends.
func (tg target) open(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open(tg.sqlDriver, tg.dsn)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	return db
}

// driver opens a golang-migrate driver on the database; closing the driver closes its handle.
func (tg target) driver(t *testing.T) database.Driver {
	t.Helper()
	db, err := sql.Open(tg.sqlDriver, tg.dsn)
	require.NoError(t, err)
	drv, err := tg.withInstance(db)
	require.NoError(t, err)
	return drv
}

// roundTrip applies every migration of dir with Up, reverts them all with the down files, and
// applies them again, so that every down file is known to work.
func roundTrip(t *testing.T, dir, name string, newDriver func() database.Driver) {
	t.Helper()
	latest, err := schema.Latest(dir)
	require.NoError(t, err)
	require.NoError(t, schema.Up(dir, name, newDriver(), zaptest.NewLogger(t)))

	src, err := iofs.New(migrations.FS, dir)
	require.NoError(t, err)
	m, err := migrate.NewWithInstance("iofs", src, name, newDriver())
	require.NoError(t, err)
	v, dirty, err := m.Version()
	require.NoError(t, err)
	require.Equal(t, latest, v)
	require.False(t, dirty)
	require.NoError(t, m.Down())
	_, _, err = m.Version()
	require.ErrorIs(t, err, migrate.ErrNilVersion)
	srcErr, dbErr := m.Close()
	require.NoError(t, srcErr)
	require.NoError(t, dbErr)

	require.NoError(t, schema.Up(dir, name, newDriver(), zaptest.NewLogger(t)), "up after down")
}
