package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store/storetest"
)

// TestSealedBlobsStoredUncompressed checks migration 0004: sealed segments and snapshots are
// stored uncompressed, and segments stay in the row up to about 8 KB.
func TestSealedBlobsStoredUncompressed(t *testing.T) {
	t.Parallel()
	url := storetest.PostgresSchema(t)
	s, err := open(t, url, true)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	conn, err := pgx.Connect(t.Context(), url)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, conn.Close(context.Background())) })

	for _, col := range []struct{ table, column string }{{"versions", "history_segment"}, {"snapshots", "data"}} {
		var storage string
		err := conn.QueryRow(t.Context(), `
			SELECT attstorage::text FROM pg_attribute
			WHERE attrelid = $1::regclass AND attname = $2`, col.table, col.column).Scan(&storage)
		require.NoError(t, err)
		require.Equal(t, "e", storage, "%s.%s must be EXTERNAL (uncompressed)", col.table, col.column)
	}
	var options []string
	err = conn.QueryRow(t.Context(), `SELECT reloptions FROM pg_class WHERE oid = 'versions'::regclass`).Scan(&options)
	require.NoError(t, err)
	require.Contains(t, options, "toast_tuple_target=8160")
}
