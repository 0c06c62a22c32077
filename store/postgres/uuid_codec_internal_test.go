package postgres

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store/storetest"
)

// TestUUIDCodec checks the uuid.UUID plans registerUUID adds, in both wire formats, next to the
// types pgx already handles.
func TestUUIDCodec(t *testing.T) {
	t.Parallel()
	cfg, err := pgx.ParseConfig(storetest.PostgresURL(t))
	require.NoError(t, err)
	conn, err := pgx.ConnectConfig(t.Context(), cfg)
	require.NoError(t, err)
	require.NoError(t, registerUUID(t.Context(), conn))
	t.Cleanup(func() { require.NoError(t, conn.Close(context.Background())) })
	id := uuid.MustParse("0f8fad5b-d9cb-469f-a165-70867728950e")
	m := conn.TypeMap()
	require.IsType(t, encodeUUIDBinary{}, m.PlanEncode(pgtype.UUIDOID, pgtype.BinaryFormatCode, id), "ids are sent as 16 bytes")
	require.IsType(t, scanUUIDBinary{}, m.PlanScan(pgtype.UUIDOID, pgtype.BinaryFormatCode, &id), "ids are read as 16 bytes")

	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		t.Run(mode.String(), func(t *testing.T) {
			var got uuid.UUID
			var text string
			require.NoError(t, conn.QueryRow(t.Context(), `SELECT $1::uuid, $1::uuid::text`, mode, id).Scan(&got, &text))
			require.Equal(t, id, got)
			require.Equal(t, id.String(), text, "the server reads the id sent")

			var null *uuid.UUID
			require.NoError(t, conn.QueryRow(t.Context(), `SELECT NULL::uuid`, mode).Scan(&null))
			require.Nil(t, null)
			require.NoError(t, conn.QueryRow(t.Context(), `SELECT NULL::uuid`, mode).Scan(&got))
			require.Equal(t, id, got, "NULL leaves a uuid.UUID as it was, as uuid.UUID.Scan does")

			var other pgtype.UUID
			require.NoError(t, conn.QueryRow(t.Context(), `SELECT $1::uuid`, mode, id.String()).Scan(&other))
			require.Equal(t, pgtype.UUID{Bytes: id, Valid: true}, other, "other types still take pgx's plans")
		})
	}
}
