package interop

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
)

// backend is one store engine; args prepares a fresh, empty store for one test and returns the
// taskgate flags that select it.
type backend struct {
	name string
	args func(t *testing.T) []string
}

var backends = []backend{
	{name: "SQLite", args: sqliteArgs},
	{name: "PostgreSQL", args: postgresArgs},
}

// eachStore runs scenario on both engines, as parallel subtests.
func eachStore(t *testing.T, scenario func(t *testing.T, storeArgs []string)) {
	t.Helper()
	requireClients(t)
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			scenario(t, b.args(t))
		})
	}
}

func sqliteArgs(t *testing.T) []string {
	return []string{"--data-dir", t.TempDir()}
}

// postgresArgs creates a randomly named schema, points taskgate at it through the search_path
// run-time parameter (pgx passes unknown URL parameters to the server), and drops it at cleanup.
// Its master key comes from taskgateEnv.
func postgresArgs(t *testing.T) []string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		skipOrFail(t, "TEST_DATABASE_URL is not set, so the PostgreSQL half was not run; start PostgreSQL "+
			"(e.g. the compose file in deploy/) and set TEST_DATABASE_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable'")
	}
	schema := randomSchema(t)
	execSQL(t, base, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize())
	t.Cleanup(func() { dropSchema(t, base, schema) })
	u, err := url.Parse(base)
	require.NoError(t, err, "TEST_DATABASE_URL")
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	// The data directory holds the files a PostgreSQL deployment keeps outside the database, such
	// as taskgate's CA; without it they would land in ./taskgate-data.
	return []string{"--db", u.String(), "--data-dir", t.TempDir()}
}

func randomSchema(t *testing.T) string {
	b := make([]byte, 6)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return "interop_" + hex.EncodeToString(b)
}

func connect(t *testing.T, dbURL string) (*pgx.Conn, context.Context, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		cancel()
		require.NoError(t, err, "connecting to TEST_DATABASE_URL")
	}
	return conn, ctx, cancel
}

func execSQL(t *testing.T, dbURL, sql string) {
	t.Helper()
	conn, ctx, cancel := connect(t, dbURL)
	defer cancel()
	defer func() { _ = conn.Close(ctx) }()
	_, err := conn.Exec(ctx, sql)
	require.NoError(t, err, sql)
}

// dropSchema checks that taskgate really used the schema (so tests were isolated), then drops it.
func dropSchema(t *testing.T, dbURL, schema string) {
	t.Helper()
	conn, ctx, cancel := connect(t, dbURL)
	defer cancel()
	defer func() { _ = conn.Close(ctx) }()
	if !t.Failed() && !t.Skipped() {
		var tables int
		err := conn.QueryRow(ctx, "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1", schema).Scan(&tables)
		require.NoError(t, err)
		require.Positive(t, tables, "taskgate created no tables in schema %s: was search_path ignored?", schema)
	}
	_, err := conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
	require.NoError(t, err, "dropping schema %s", schema)
}
