// Package testengines runs a test against both store engines: a fresh embedded SQLite database
// and a fresh PostgreSQL schema (skipped loudly without TEST_DATABASE_URL, failed under CI).
// Protocol packages use it so that every store behaviour they rely on is tested on both.
package testengines

import (
	"context"
	"strconv"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/store/postgres"
	"github.com/taskgate/taskgate/store/sqlite"
	"github.com/taskgate/taskgate/store/storetest"
)

// Engine names, as used for subtest names.
const (
	SQLite     = "SQLite"
	PostgreSQL = "PostgreSQL"
)

// Each runs fn as the parallel subtests "SQLite" and "PostgreSQL", each on a fresh, migrated
// store that is closed when the subtest ends. S is the store interface the caller needs; both
// engines must satisfy it.
func Each[S any](t *testing.T, fn func(t *testing.T, st S)) {
	t.Helper()
	for _, name := range []string{SQLite, PostgreSQL} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, Open[S](t, name, zaptest.NewLogger(t)))
		})
	}
}

// EachB is Each for benchmarks; the stores log nothing.
func EachB[S any](b *testing.B, fn func(b *testing.B, st S)) {
	b.Helper()
	for _, name := range []string{SQLite, PostgreSQL} {
		b.Run(name, func(b *testing.B) { fn(b, Open[S](b, name, zap.NewNop())) })
	}
}

// Open opens a fresh, migrated store of the named engine, closed at the end of tb.
func Open[S any](tb testing.TB, engine string, log *zap.Logger) S {
	tb.Helper()
	if engine == SQLite {
		st, err := sqlite.Open(context.Background(), sqlite.Options{Dir: tb.TempDir(), Migrate: true, Logger: log})
		return opened[S](tb, engine, st, err)
	}
	return OpenPostgres[S](tb, 0, log)
}

// OpenPostgres opens a fresh, migrated PostgreSQL store whose pool holds at most maxConns
// connections (0: pgxpool's default, max(4, CPUs)), closed at the end of tb.
func OpenPostgres[S any](tb testing.TB, maxConns int, log *zap.Logger) S {
	tb.Helper()
	url := storetest.PostgresSchema(tb)
	if maxConns > 0 {
		url = storetest.WithParam(tb, url, "pool_max_conns", strconv.Itoa(maxConns))
	}
	st, err := postgres.Open(context.Background(), postgres.Options{URL: url, Migrate: true, Logger: log})
	return opened[S](tb, PostgreSQL, st, err)
}

// opened checks an engine's Open and registers its Close.
func opened[S any, E interface{ Close() error }](tb testing.TB, engine string, st E, err error) S {
	tb.Helper()
	if err != nil {
		tb.Fatalf("opening %s: %v", engine, err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	s, ok := any(st).(S)
	if !ok {
		var zero S
		tb.Fatalf("%T does not implement %T", st, &zero)
	}
	return s
}
