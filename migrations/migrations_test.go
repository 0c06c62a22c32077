package migrations_test

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/migrations"
)

// fileName is the golang-migrate naming scheme every migration file follows.
var fileName = regexp.MustCompile(`^(\d{4})_([a-z0-9_]+)\.(up|down)\.sql$`)

// engines are the migration folders, one per store engine.
var engines = []string{"postgres", "sqlite"}

// listMigrations returns the "NNNN_name" stems of dir's up files and of its down files.
func listMigrations(t *testing.T, dir string) (up, down []string) {
	t.Helper()
	entries, err := fs.ReadDir(migrations.FS, dir)
	require.NoError(t, err)
	for _, e := range entries {
		m := fileName.FindStringSubmatch(e.Name())
		require.NotNil(t, m, "%s/%s does not match NNNN_name.(up|down).sql", dir, e.Name())
		stem := m[1] + "_" + m[2]
		if m[3] == "up" {
			up = append(up, stem)
		} else {
			down = append(down, stem)
		}
	}
	return up, down
}

func TestEnginesListTheSameMigrations(t *testing.T) {
	t.Parallel()
	pgUp, _ := listMigrations(t, "postgres")
	liteUp, _ := listMigrations(t, "sqlite")
	require.NotEmpty(t, pgUp)
	require.Equal(t, pgUp, liteUp, "the same number must be the same schema change in both folders")
}

func TestEveryUpHasADown(t *testing.T) {
	t.Parallel()
	for _, dir := range engines {
		up, down := listMigrations(t, dir)
		require.Equal(t, up, down, "%s: up and down files must pair up", dir)
	}
}

func TestNumbersAreContiguous(t *testing.T) {
	t.Parallel()
	for _, dir := range engines {
		up, _ := listMigrations(t, dir)
		for i, stem := range up {
			want := i + 1
			n, err := strconv.Atoi(stem[:4])
			require.NoError(t, err)
			require.Equal(t, want, n, "%s: migration %s is out of sequence", dir, stem)
		}
	}
}

func TestFilesHaveNoTransactionControl(t *testing.T) {
	t.Parallel()
	// golang-migrate runs each file in a transaction of its own (SQLite) or as one implicit
	// transaction (PostgreSQL); a BEGIN or COMMIT inside a file would break that.
	tx := regexp.MustCompile(`(?im)^\s*(BEGIN|COMMIT|ROLLBACK)\b`)
	for _, dir := range engines {
		entries, err := fs.ReadDir(migrations.FS, dir)
		require.NoError(t, err)
		for _, e := range entries {
			body, err := fs.ReadFile(migrations.FS, dir+"/"+e.Name())
			require.NoError(t, err)
			require.NotEmpty(t, strings.TrimSpace(string(body)), "%s/%s is empty", dir, e.Name())
			require.False(t, tx.Match(body), "%s/%s controls its own transaction", dir, e.Name())
		}
	}
}
