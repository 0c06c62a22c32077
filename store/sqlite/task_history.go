package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

const (
	// historyPutSQL records one task state in the history, replacing the row of the same seq.
	historyPutSQL = `
		INSERT INTO task_history (account_id, uuid, seq, data, times, deleted) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id, uuid, seq) DO UPDATE SET
		  data = excluded.data, times = excluded.times, deleted = excluded.deleted`
	// tasksAtSQL reads, for each uuid of a JSON array of strings, its history row with the
	// greatest seq at or before a position. The max(seq) subquery depends only on the account and
	// the uuid, so it is one seek backwards in the primary key, and its result makes the join a
	// full primary-key lookup: the cost grows with the number of uuids, not with the history.
	tasksAtSQL = `
		SELECT a.mode, h.uuid, h.data, h.times, h.seq, h.deleted
		FROM accounts a
		LEFT JOIN json_each(?) j ON true
		LEFT JOIN task_history h ON h.account_id = a.id AND h.uuid = j.value AND h.seq = (
			SELECT max(x.seq) FROM task_history x
			WHERE x.account_id = a.id AND x.uuid = j.value AND x.seq <= ?)
		WHERE a.id = +?`
)

// TasksAt returns the given tasks' states as of chain position seq: for each, the state written
// by the last version at or before seq that changed it, deleted ones included; tasks without
// such a state are absent. One cached statement. An encrypted account is store.ErrNotPlaintext.
func (t *chainTx) TasksAt(ctx context.Context, ids []uuid.UUID, seq int64) (map[uuid.UUID]store.TaskState, error) {
	const op = "sqlite: get tasks at seq"
	list, err := idList(ids)
	if err != nil {
		return nil, mapErr(op, err)
	}
	tasks, err := tasksQuery(ctx, t.r, op, tasksAtSQL, list, seq, t.chain.AccountID)
	if err != nil {
		return nil, err
	}
	return byUUID(tasks), nil
}

// TasksChangedSince returns the states of the locked account's tasks whose seq is greater than
// seq, deleted ones included, ordered by seq and then uuid, as this transaction sees them. An
// encrypted account is store.ErrNotPlaintext.
func (t *chainTx) TasksChangedSince(ctx context.Context, seq int64) ([]store.TaskState, error) {
	return tasksQuery(ctx, t.r, "sqlite: list changed tasks", tasksChangedSQL, seq, t.chain.AccountID)
}

// TasksChangedSinceEach is TasksChangedSince calling fn with each state as the rows are read;
// fn must not use the transaction.
func (t *chainTx) TasksChangedSinceEach(ctx context.Context, seq int64, fn func(store.TaskState) error) error {
	return tasksEach(ctx, t.r, "sqlite: list changed tasks", tasksChangedSQL, fn, seq, t.chain.AccountID)
}

// idList encodes ids as the JSON array of strings json_each reads. It is a string, not a BLOB:
// json_each reads a BLOB as SQLite's binary JSON.
func idList(ids []uuid.UUID) (string, error) {
	if ids == nil {
		return "[]", nil
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return "", fmt.Errorf("encode task ids: %w", err)
	}
	return string(b), nil
}

// byUUID indexes task states by uuid.
func byUUID(tasks []store.TaskState) map[uuid.UUID]store.TaskState {
	m := make(map[uuid.UUID]store.TaskState, len(tasks))
	for _, task := range tasks {
		m[task.UUID] = task
	}
	return m
}
