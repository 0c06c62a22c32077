package sqlite

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestConnectionSettings(t *testing.T) {
	t.Parallel()
	s, err := Open(t.Context(), Options{Dir: t.TempDir(), Migrate: true})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })

	tests := []struct {
		pragma string
		writer string
		reader string
	}{
		{"journal_mode", "wal", "wal"},
		{"synchronous", "2", ""}, // FULL: a commit survives a machine crash
		{"wal_autocheckpoint", "4000", ""},
		{"foreign_keys", "1", "1"},
		{"busy_timeout", "5000", "5000"},
		{"query_only", "0", "1"},
	}
	require.NoError(t, s.wc.acquire(t.Context()))
	defer s.wc.release()
	for _, tt := range tests {
		var got string
		require.NoError(t, s.wc.conn.QueryRowContext(t.Context(), "PRAGMA "+tt.pragma).Scan(&got))
		require.Equal(t, tt.writer, got, "writer PRAGMA %s", tt.pragma)
		if tt.reader == "" {
			continue
		}
		require.NoError(t, s.read.QueryRowContext(t.Context(), "PRAGMA "+tt.pragma).Scan(&got))
		require.Equal(t, tt.reader, got, "reader PRAGMA %s", tt.pragma)
	}
	require.Equal(t, 1, s.write.Stats().MaxOpenConnections)
}

func TestReadersCannotWrite(t *testing.T) {
	t.Parallel()
	s, err := Open(t.Context(), Options{Dir: t.TempDir(), Migrate: true})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	_, err = s.read.ExecContext(t.Context(), `INSERT INTO accounts (name, mode, created_at) VALUES ('x', 'encrypted', 0)`)
	require.Error(t, err)
}
