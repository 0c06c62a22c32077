// Package testengines runs a test against both store engines: a fresh embedded SQLite database
// and a fresh PostgreSQL schema (skipped loudly without TEST_DATABASE_URL, failed under CI).
// Protocol packages use it so that every store behaviour they rely on is tested on both.
package testengines

import (
	"context"
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
	var st any
	var err error
	switch engine {
	case SQLite:
		st, err = sqlite.Open(context.Background(), sqlite.Options{Dir: tb.TempDir(), Migrate: true, Logger: log})
	default:
		st, err = postgres.Open(context.Background(), postgres.Options{URL: storetest.PostgresSchema(tb), Migrate: true, Logger: log})
	}
	if err != nil {
		tb.Fatalf("opening %s: %v", engine, err)
	}
	tb.Cleanup(func() { _ = st.(interface{ Close() error }).Close() })
	s, ok := st.(S)
	if !ok {
		var zero S
		tb.Fatalf("%T does not implement %T", st, &zero)
	}
	return s
}
