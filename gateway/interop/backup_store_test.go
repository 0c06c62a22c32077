package interop

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
)

// savedBackup is what a backup left: for SQLite the archive of `taskgate backup`, for PostgreSQL
// a pg_dump file (the PKI is in the database).
type savedBackup struct {
	archive string
	dump    string
}

// takeBackup backs up the running server's store as the README says.
func takeBackup(t *testing.T, s *server) savedBackup {
	t.Helper()
	dir := t.TempDir()
	if !isPostgres(s.store) {
		archive := filepath.Join(dir, "taskgate-backup.tar")
		s.admin(t, "backup", "--out", archive)
		return savedBackup{archive: archive}
	}
	saved := savedBackup{dump: filepath.Join(dir, "taskgate.dump")}
	runTool(t, "pg_dump", "--format=custom", "--schema="+schemaOf(t, s.store), "--file="+saved.dump, os.Getenv("TEST_DATABASE_URL"))
	return saved
}

// restoreBackup restores a backup of the stopped server's store into a new store and returns the
// flags that select it: SQLite with `taskgate restore` into a new data directory; PostgreSQL with
// pg_restore after the schema is dropped (as after a loss), served from a new, empty data
// directory: the database holds the PKI, so 2.x devices keep trusting the server.
func restoreBackup(t *testing.T, s *server, saved savedBackup) []string {
	t.Helper()
	dataDir := filepath.Join(t.TempDir(), "restored")
	if !isPostgres(s.store) {
		restore := exec.Command(taskgateBin, "restore", "--in", saved.archive, "--data-dir", dataDir)
		restore.Env = s.env
		out, err := restore.CombinedOutput()
		require.NoError(t, err, "taskgate restore:\n%s", out)
		return []string{"--data-dir", dataDir}
	}
	execSQL(t, os.Getenv("TEST_DATABASE_URL"), "DROP SCHEMA "+pgx.Identifier{schemaOf(t, s.store)}.Sanitize()+" CASCADE")
	runTool(t, "pg_restore", "--exit-on-error", "--dbname="+os.Getenv("TEST_DATABASE_URL"), saved.dump)
	require.NoError(t, os.MkdirAll(dataDir, 0o700))
	return []string{"--db", argValue(t, s.store, "--db"), "--data-dir", dataDir}
}

// serveStore starts the stopped server again at the same addresses, on the store storeArgs
// selects.
func (s *server) serveStore(t *testing.T, storeArgs []string) {
	t.Helper()
	require.Nil(t, s.cmd, "the server still runs")
	require.Equal(t, "serve", s.args[0])
	s.args = append([]string{"serve", "--http-listen", s.addr, "--taskd-listen", s.taskdAddr}, storeArgs...)
	s.store, s.env = storeArgs, taskgateEnv(storeArgs)
	s.start(t)
}

func isPostgres(storeArgs []string) bool { return slices.Contains(storeArgs, "--db") }

// argValue returns the value that follows flag in args.
func argValue(t *testing.T, args []string, flag string) string {
	t.Helper()
	i := slices.Index(args, flag)
	require.True(t, i >= 0 && i+1 < len(args), "no %s in %v", flag, args)
	return args[i+1]
}

// schemaOf returns the schema a PostgreSQL store's URL names in its search_path.
func schemaOf(t *testing.T, storeArgs []string) string {
	t.Helper()
	u, err := url.Parse(argValue(t, storeArgs, "--db"))
	require.NoError(t, err)
	schema := u.Query().Get("search_path")
	require.NotEmpty(t, schema)
	return schema
}

// runTool runs a program and requires success.
func runTool(t *testing.T, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	require.NoError(t, err, "%s %v:\n%s", name, args, out)
}
