package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store/sqlite"
)

// TestCopyWhileWriting copies the database while another goroutine creates accounts: every
// account created before the copy began is in it, and the copy is a sound database at the
// current schema version.
func TestCopyWhileWriting(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := open(t, dir, true)
	require.NoError(t, err)
	before := createAccounts(t, s, 20)

	ctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Go(func() {
		for ctx.Err() == nil {
			_, _ = s.ClientEnsureEncrypted(ctx, uuid.New())
		}
	})
	out := filepath.Join(t.TempDir(), "copy.sqlite3")
	err = sqlite.Copy(t.Context(), dir, out)
	stop()
	wg.Wait()
	require.NoError(t, err)

	info, err := sqlite.Inspect(t.Context(), out)
	require.NoError(t, err)
	version, _, err := s.SchemaVersion(t.Context())
	require.NoError(t, err)
	require.Equal(t, version, info.SchemaVersion)
	require.False(t, info.Dirty)
	require.GreaterOrEqual(t, info.Accounts, int64(len(before)))

	restored, err := open(t, copyInto(t, out), false)
	require.NoError(t, err, "the copy opens as a store without migrating")
	for _, id := range before {
		_, err := restored.ClientGet(t.Context(), id)
		require.NoError(t, err, "client %s, created before the copy, is in it", id)
	}
}

// TestCopyRefuses: no copy of a missing database (and none created), none over an existing file.
func TestCopyRefuses(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	err := sqlite.Copy(t.Context(), empty, filepath.Join(t.TempDir(), "copy.sqlite3"))
	require.ErrorIs(t, err, os.ErrNotExist)
	entries, err := os.ReadDir(empty)
	require.NoError(t, err)
	require.Empty(t, entries, "Copy created something in the data directory")

	dir := t.TempDir()
	_, err = open(t, dir, true)
	require.NoError(t, err)
	taken := filepath.Join(t.TempDir(), "taken")
	require.NoError(t, os.WriteFile(taken, []byte("keep me"), 0o600))
	require.Error(t, sqlite.Copy(t.Context(), dir, taken))
	b, err := os.ReadFile(taken)
	require.NoError(t, err)
	require.Equal(t, "keep me", string(b))
}

// TestInspectFindsDamage: a copy with a page overwritten fails the check.
func TestInspectFindsDamage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := open(t, dir, true)
	require.NoError(t, err)
	createAccounts(t, s, 200)
	out := filepath.Join(t.TempDir(), "copy.sqlite3")
	require.NoError(t, sqlite.Copy(t.Context(), dir, out))

	f, err := os.OpenFile(out, os.O_WRONLY, 0)
	require.NoError(t, err)
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = 0xA5
	}
	_, err = f.WriteAt(junk, 4096*2)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	_, err = sqlite.Inspect(t.Context(), out)
	require.Error(t, err)
}

// createAccounts creates n encrypted accounts and returns their client ids.
func createAccounts(t *testing.T, s *sqlite.Store, n int) []uuid.UUID {
	t.Helper()
	ids := make([]uuid.UUID, n)
	for i := range ids {
		ids[i] = uuid.New()
		_, err := s.ClientEnsureEncrypted(t.Context(), ids[i])
		require.NoError(t, err)
	}
	return ids
}

// copyInto places the database file src as the database of a new data directory.
func copyInto(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(src)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, sqlite.FileName), b, 0o600))
	return dir
}
