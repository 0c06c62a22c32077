package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DatabaseURLEnv names the environment variable that points the PostgreSQL tests at a server.
const DatabaseURLEnv = "TEST_DATABASE_URL"

// exampleURL is the value the skip message suggests; it matches a local server with trust
// authentication.
const exampleURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// schemaPrefix starts the name of every schema PostgresSchema creates.
const schemaPrefix = "taskgate_test_"

// PostgresURL returns the PostgreSQL server URL from TEST_DATABASE_URL. When it is unset the
// test is skipped with a loud message, or fails when the environment variable CI is set, so CI
// can never silently skip the PostgreSQL half.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	if u := os.Getenv(DatabaseURLEnv); u != "" {
		return u
	}
	msg := "!!! " + DatabaseURLEnv + " is not set, so the PostgreSQL store tests did NOT run. " +
		"Point it at a server where the user may create schemas, for example\n\t" +
		DatabaseURLEnv + "='" + exampleURL + "' go test ./..."
	if os.Getenv("CI") != "" {
		tb.Fatalf("%s\n(CI is set: the PostgreSQL tests must run)", msg)
	}
	tb.Skip(msg)
	return ""
}

// PostgresSchema creates a fresh, randomly named, empty schema on the server of PostgresURL and
// returns a URL whose connections use it (through search_path). The schema is dropped with
// everything in it when the test ends, so tests that each take their own schema can run in
// parallel.
func PostgresSchema(tb testing.TB) string {
	tb.Helper()
	base := PostgresURL(tb)
	name := schemaPrefix + randomHex(tb, 8)
	exec(tb, base, "CREATE SCHEMA "+pgx.Identifier{name}.Sanitize())
	tb.Cleanup(func() { exec(tb, base, "DROP SCHEMA "+pgx.Identifier{name}.Sanitize()+" CASCADE") })
	return withSearchPath(tb, base, name)
}

// SQLiteDir returns a fresh data directory for the SQLite engine, removed when the test ends.
func SQLiteDir(tb testing.TB) string {
	tb.Helper()
	return tb.TempDir()
}

// withSearchPath adds search_path=schema to a URL or keyword/value connection string.
func withSearchPath(tb testing.TB, base, schema string) string {
	tb.Helper()
	return WithParam(tb, base, "search_path", schema)
}

// WithParam adds key=value to a URL or keyword/value connection string, such as the pgxpool
// setting pool_max_conns.
func WithParam(tb testing.TB, base, key, value string) string {
	tb.Helper()
	if !strings.HasPrefix(base, "postgres://") && !strings.HasPrefix(base, "postgresql://") {
		return base + " " + key + "=" + value
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s is not a URL: %v", DatabaseURLEnv, err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// exec runs one statement on a short-lived connection to dsn.
func exec(tb testing.TB, dsn, sql string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connect to %s: %v", DatabaseURLEnv, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
}

// randomHex returns n random bytes in hex.
func randomHex(tb testing.TB, n int) string {
	tb.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		tb.Fatalf("random schema name: %v", err)
	}
	return hex.EncodeToString(b)
}
