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

	"github.com/taskgate/taskgate/gateway/store"
	"github.com/taskgate/taskgate/gateway/store/internal/schema"
	"github.com/taskgate/taskgate/gateway/store/storetest"
	"github.com/taskgate/taskgate/migrations"
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
	path := filepath.Join(t.TempDir(), "db.sqlite3")
	roundTrip(t, "sqlite", "sqlite", func() database.Driver {
		db, err := sql.Open("sqlite", path)
		require.NoError(t, err)
		drv, err := migratesqlite.WithInstance(db, &migratesqlite.Config{})
		require.NoError(t, err)
		return drv
	})
}

func TestRoundTripPostgres(t *testing.T) {
	t.Parallel()
	url := storetest.PostgresSchema(t)
	roundTrip(t, "postgres", "pgx5", func() database.Driver {
		db, err := sql.Open("pgx", url)
		require.NoError(t, err)
		drv, err := migratepgx.WithInstance(db, &migratepgx.Config{})
		require.NoError(t, err)
		return drv
	})
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
