package postgres

import (
	"context"
	"encoding/binary"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/taskgate/taskgate/store"
)

// largeValue is the size from which a task state or a history segment is written with a
// statement of its own whose parameters are sent as they are (see execRaw). pgx's Exec copies
// each argument into a parameter buffer, then into the message it sends: a 10 MiB task would
// be in memory three times over while it is written. Smaller values keep the prepared
// statements pgx caches.
const largeValue = 256 << 10

// taskPutOneSQL is tasksPutSQL for one task state given as scalars: $1 account, $2 uuid,
// $3 data, $4 times, $5 seq, $6 deleted.
const taskPutOneSQL = `
	WITH task AS (
		INSERT INTO tasks (account_id, uuid, data, times, seq, deleted) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (account_id, uuid) DO UPDATE SET
		  data = EXCLUDED.data, times = EXCLUDED.times, seq = EXCLUDED.seq, deleted = EXCLUDED.deleted
	)
	INSERT INTO task_history (account_id, uuid, seq, data, times, deleted) VALUES ($1, $2, $5, $3, $4, $6)
	ON CONFLICT (account_id, uuid, seq) DO UPDATE SET
	  data = EXCLUDED.data, times = EXCLUDED.times, deleted = EXCLUDED.deleted`

// rawParam is a statement parameter in PostgreSQL's wire format.
type rawParam struct {
	oid    uint32
	format int16 // pgtype.TextFormatCode or pgtype.BinaryFormatCode
	value  []byte
}

func int8Param(n int64) rawParam {
	return rawParam{pgtype.Int8OID, pgtype.BinaryFormatCode, binary.BigEndian.AppendUint64(nil, uint64(n))}
}

func uuidParam(id uuid.UUID) rawParam {
	return rawParam{pgtype.UUIDOID, pgtype.BinaryFormatCode, id[:]}
}

func boolParam(b bool) rawParam {
	v := byte(0)
	if b {
		v = 1
	}
	return rawParam{pgtype.BoolOID, pgtype.BinaryFormatCode, []byte{v}}
}

// textParam is text as it is: the text format of text is its bytes.
func textParam(b []byte) rawParam { return rawParam{pgtype.TextOID, pgtype.TextFormatCode, b} }

// byteaParam is a bytea as it is: the binary format of bytea is its bytes.
func byteaParam(b []byte) rawParam { return rawParam{pgtype.ByteaOID, pgtype.BinaryFormatCode, b} }

// execRaw runs query in the transaction with params as they are, through its connection's
// extended protocol, so that each value is copied once, into the message sent.
func (t *chainTx) execRaw(ctx context.Context, query string, params ...rawParam) (pgconn.CommandTag, error) {
	values, oids, formats := make([][]byte, len(params)), make([]uint32, len(params)), make([]int16, len(params))
	for i, p := range params {
		values[i], oids[i], formats[i] = p.value, p.oid, p.format
	}
	return t.tx.Conn().PgConn().ExecParams(ctx, query, values, oids, formats, nil).Close()
}

// taskPutOne writes one task state and its history row with execRaw.
func (t *chainTx) taskPutOne(ctx context.Context, task store.TaskState) error {
	_, err := t.execRaw(ctx, taskPutOneSQL, int8Param(t.chain.AccountID), uuidParam(task.UUID),
		textParam(jsonObject(task.Data)), textParam(jsonObject(task.Times)), int8Param(task.Seq), boolParam(task.Deleted))
	return err
}

// splitLarge returns the task states whose data or times are at least largeValue, and the
// others; tasks itself, without a copy, when none is large (every sync's case).
func splitLarge(tasks []store.TaskState) (large, small []store.TaskState) {
	if !slices.ContainsFunc(tasks, isLarge) {
		return nil, tasks
	}
	for _, task := range tasks {
		if isLarge(task) {
			large = append(large, task)
		} else {
			small = append(small, task)
		}
	}
	return large, small
}

// isLarge reports whether a task state's data or times is at least largeValue.
func isLarge(task store.TaskState) bool {
	return len(task.Data) >= largeValue || len(task.Times) >= largeValue
}
