package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/postgres"
	"github.com/taskgate/taskgate/store/storetest"
)

// open opens the store at url and closes it when the test ends.
func open(tb testing.TB, url string, migrate bool) (*postgres.Store, error) {
	tb.Helper()
	s, err := postgres.Open(tb.Context(), postgres.Options{URL: url, Migrate: migrate, Logger: zaptest.NewLogger(tb)})
	if err == nil {
		tb.Cleanup(func() { require.NoError(tb, s.Close()) })
	}
	return s, err
}

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.PostgresURL(t) // skip (or fail in CI) once, not in every subtest
	storetest.Run(t, func(t *testing.T) storetest.Engine {
		s, err := open(t, storetest.PostgresSchema(t), true)
		require.NoError(t, err)
		return s
	})
}

func BenchmarkStore(b *testing.B) {
	storetest.PostgresURL(b)
	storetest.Bench(b, func(b *testing.B) storetest.Engine {
		s, err := postgres.Open(b.Context(), postgres.Options{URL: storetest.PostgresSchema(b), Migrate: true})
		require.NoError(b, err)
		b.Cleanup(func() { require.NoError(b, s.Close()) })
		return s
	})
}

func TestOpen(t *testing.T) {
	t.Parallel()
	storetest.PostgresURL(t)

	t.Run("MigratedSchemaIsCurrent", func(t *testing.T) {
		t.Parallel()
		url := storetest.PostgresSchema(t)
		s, err := open(t, url, true)
		require.NoError(t, err)
		require.Equal(t, "postgres", s.Engine())
		version, dirty, err := s.SchemaVersion(t.Context())
		require.NoError(t, err)
		require.False(t, dirty)
		require.Positive(t, version)

		again, err := open(t, url, false)
		require.NoError(t, err, "a migrated database opens without migrating")
		v2, _, err := again.SchemaVersion(t.Context())
		require.NoError(t, err)
		require.Equal(t, version, v2)
		_, err = open(t, url, true)
		require.NoError(t, err, "migrating a current database is a no-op")
	})

	t.Run("RefusesEmptyDatabaseWithoutMigrate", func(t *testing.T) {
		t.Parallel()
		url := storetest.PostgresSchema(t)
		_, err := open(t, url, false)
		require.ErrorIs(t, err, store.ErrSchemaVersion)
		require.ErrorContains(t, err, "taskgate migrate")
		require.ErrorContains(t, err, "version 0")
		requireNoTables(t, url)
	})

	t.Run("RefusesDirtySchema", func(t *testing.T) {
		t.Parallel()
		url := storetest.PostgresSchema(t)
		_, err := open(t, url, true)
		require.NoError(t, err)
		exec(t, url, `UPDATE schema_migrations SET dirty = true`)
		for _, migrate := range []bool{false, true} {
			_, err = open(t, url, migrate)
			require.ErrorIs(t, err, store.ErrSchemaVersion, "Open(Migrate: %t) of a dirty database", migrate)
			require.ErrorContains(t, err, "dirty")
			require.ErrorContains(t, err, "taskgate migrate")
		}
	})

	t.Run("RefusesNewerSchema", func(t *testing.T) {
		t.Parallel()
		url := storetest.PostgresSchema(t)
		_, err := open(t, url, true)
		require.NoError(t, err)
		exec(t, url, `UPDATE schema_migrations SET version = 9999`)
		_, err = open(t, url, false)
		require.ErrorIs(t, err, store.ErrSchemaVersion)
		require.ErrorContains(t, err, "upgrade taskgate")
	})

	t.Run("ConcurrentMigrations", func(t *testing.T) {
		t.Parallel()
		url := storetest.PostgresSchema(t)
		errs := make(chan error, 4)
		for range cap(errs) {
			go func() {
				s, err := postgres.Open(context.Background(), postgres.Options{URL: url, Migrate: true})
				if err == nil {
					err = s.Close()
				}
				errs <- err
			}()
		}
		for range cap(errs) {
			require.NoError(t, <-errs)
		}
	})

	t.Run("BadURL", func(t *testing.T) {
		t.Parallel()
		for _, url := range []string{"", "postgres://[::1"} {
			_, err := open(t, url, true)
			require.Error(t, err, "Open(%q)", url)
		}
	})
}

// exec runs one statement on the database at url behind the store's back.
func exec(t *testing.T, url, sql string) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	_, err = conn.Exec(t.Context(), sql)
	require.NoError(t, err)
}

// requireNoTables checks that the schema behind url is still empty.
func requireNoTables(t *testing.T, url string) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	var n int
	err = conn.QueryRow(t.Context(),
		`SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&n)
	require.NoError(t, err)
	require.Zero(t, n, "a refused Open must not create tables")
}
