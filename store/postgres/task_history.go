package postgres

import (
	"context"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// tasksAtSQL reads, for each uuid of an array, its history row with the greatest seq at or
// before a position: one backward primary-key seek with LIMIT 1 per uuid, so the cost grows with
// the number of uuids, not with the history. (DISTINCT ON over "seq <= $3" would read every
// earlier state of each task.) Like the task reads, it is left-joined to the accounts row.
const tasksAtSQL = `
	SELECT a.mode, h.uuid, h.data, h.times, h.seq, h.deleted
	FROM accounts a
	LEFT JOIN LATERAL (
		SELECT s.* FROM unnest($2::uuid[]) AS i (id)
		CROSS JOIN LATERAL (
			SELECT uuid, data, times, seq, deleted FROM task_history
			WHERE account_id = a.id AND uuid = i.id AND seq <= $3
			ORDER BY seq DESC LIMIT 1
		) s
	) h ON true
	WHERE a.id = $1`

// TasksAt returns the given tasks' states as of chain position seq: for each, the state written
// by the last version at or before seq that changed it, deleted ones included; tasks without
// such a state are absent. One statement. An encrypted account is store.ErrNotPlaintext.
func (t *chainTx) TasksAt(ctx context.Context, ids []uuid.UUID, seq int64) (map[uuid.UUID]store.TaskState, error) {
	if ids == nil {
		ids = []uuid.UUID{}
	}
	tasks, err := tasksQuery(ctx, t.tx, "postgres: get tasks at seq", tasksAtSQL, t.chain.AccountID, ids, seq)
	if err != nil {
		return nil, err
	}
	return byUUID(tasks), nil
}

// TasksChangedSince returns the states of the locked account's tasks whose seq is greater than
// seq, deleted ones included, ordered by seq and then uuid, as this transaction sees them. An
// encrypted account is store.ErrNotPlaintext.
func (t *chainTx) TasksChangedSince(ctx context.Context, seq int64) ([]store.TaskState, error) {
	return tasksQuery(ctx, t.tx, "postgres: list changed tasks", tasksChangedSQL, t.chain.AccountID, seq)
}

// TasksChangedSinceEach is TasksChangedSince calling fn with each state as the rows are read;
// fn must not use the transaction.
func (t *chainTx) TasksChangedSinceEach(ctx context.Context, seq int64, fn func(store.TaskState) error) error {
	return tasksEach(ctx, t.tx, "postgres: list changed tasks", tasksChangedSQL, fn, t.chain.AccountID, seq)
}

// byUUID indexes task states by uuid.
func byUUID(tasks []store.TaskState) map[uuid.UUID]store.TaskState {
	m := make(map[uuid.UUID]store.TaskState, len(tasks))
	for _, task := range tasks {
		m[task.UUID] = task
	}
	return m
}
