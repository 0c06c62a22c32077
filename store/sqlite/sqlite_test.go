package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/sqlite"
	"github.com/taskgate/taskgate/store/storetest"
)

// open opens a migrated store in dir and closes it when the test ends.
func open(tb testing.TB, dir string, migrate bool) (*sqlite.Store, error) {
	tb.Helper()
	s, err := sqlite.Open(tb.Context(), sqlite.Options{Dir: dir, Migrate: migrate, Logger: zaptest.NewLogger(tb)})
	if err == nil {
		tb.Cleanup(func() { require.NoError(tb, s.Close()) })
	}
	return s, err
}

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) storetest.Engine {
		s, err := open(t, storetest.SQLiteDir(t), true)
		require.NoError(t, err)
		return s
	})
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) storetest.Engine {
		s, err := sqlite.Open(b.Context(), sqlite.Options{Dir: storetest.SQLiteDir(b), Migrate: true})
		require.NoError(b, err)
		b.Cleanup(func() { require.NoError(b, s.Close()) })
		return s
	})
}

func TestOpen(t *testing.T) {
	t.Parallel()

	t.Run("CreatesPrivateDirectory", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "data", "taskgate")
		s, err := open(t, dir, true)
		require.NoError(t, err)
		require.Equal(t, "sqlite", s.Engine())
		info, err := os.Stat(dir)
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o700), info.Mode().Perm())
		require.FileExists(t, filepath.Join(dir, sqlite.FileName))
	})

	t.Run("MigratedSchemaIsCurrent", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		s, err := open(t, dir, true)
		require.NoError(t, err)
		version, dirty, err := s.SchemaVersion(t.Context())
		require.NoError(t, err)
		require.False(t, dirty)
		require.Positive(t, version)
		require.NoError(t, s.Close())

		again, err := open(t, dir, false)
		require.NoError(t, err, "a migrated database opens without migrating")
		v2, _, err := again.SchemaVersion(t.Context())
		require.NoError(t, err)
		require.Equal(t, version, v2)
	})

	t.Run("RefusesEmptyDatabaseWithoutMigrate", func(t *testing.T) {
		t.Parallel()
		_, err := open(t, t.TempDir(), false)
		require.ErrorIs(t, err, store.ErrSchemaVersion)
		require.ErrorContains(t, err, "taskgate migrate")
		require.ErrorContains(t, err, "version 0")
	})

	t.Run("RefusesDirtySchema", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		s, err := open(t, dir, true)
		require.NoError(t, err)
		require.NoError(t, s.Close())
		markDirty(t, dir)
		for _, migrate := range []bool{false, true} {
			_, err = open(t, dir, migrate)
			require.ErrorIs(t, err, store.ErrSchemaVersion, "Open(Migrate: %t) of a dirty database", migrate)
			require.ErrorContains(t, err, "dirty")
			require.ErrorContains(t, err, "taskgate migrate")
		}
	})

	t.Run("RefusesNewerSchema", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		s, err := open(t, dir, true)
		require.NoError(t, err)
		require.NoError(t, s.Close())
		exec(t, dir, `UPDATE schema_migrations SET version = 9999`)
		_, err = open(t, dir, false)
		require.ErrorIs(t, err, store.ErrSchemaVersion)
		require.ErrorContains(t, err, "upgrade taskgate")
	})

	t.Run("PathNeedsEscaping", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "my tasks?#%")
		_, err := open(t, dir, true)
		require.NoError(t, err)
		require.FileExists(t, filepath.Join(dir, sqlite.FileName))
	})

	t.Run("NoDirectory", func(t *testing.T) {
		t.Parallel()
		_, err := open(t, "", true)
		require.Error(t, err)
	})
}

// markDirty flags the recorded migration as failed part-way.
func markDirty(t *testing.T, dir string) {
	t.Helper()
	exec(t, dir, `UPDATE schema_migrations SET dirty = 1`)
}

// exec runs one statement on the database in dir behind the store's back.
func exec(t *testing.T, dir, query string) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, sqlite.FileName))
	require.NoError(t, err)
	defer db.Close()
	_, err = db.ExecContext(t.Context(), query)
	require.NoError(t, err)
}

// BenchmarkChainUpdateParallel measures group commit: concurrent ChainUpdate calls, each
// appending one 2 KB version to one of 50 accounts, with p×GOMAXPROCS goroutines.
func BenchmarkChainUpdateParallel(b *testing.B) {
	for _, p := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("goroutines=%dxGOMAXPROCS", p), func(b *testing.B) {
			s, err := sqlite.Open(b.Context(), sqlite.Options{Dir: storetest.SQLiteDir(b), Migrate: true})
			require.NoError(b, err)
			b.Cleanup(func() { require.NoError(b, s.Close()) })
			accounts := make([]int64, 50)
			for i := range accounts {
				c, err := s.ClientEnsureEncrypted(b.Context(), uuid.New())
				require.NoError(b, err)
				accounts[i] = c.Account.ID
			}
			segment := make([]byte, 2048)
			var next atomic.Int64
			b.SetParallelism(p)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					id := accounts[next.Add(1)%int64(len(accounts))]
					err := s.ChainUpdate(b.Context(), id, func(ctx context.Context, tx store.ChainTx) error {
						_, err := tx.VersionAppend(ctx, uuid.New(), tx.Chain().Latest, segment)
						return err
					})
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
		})
	}
}
