package postgres

import (
	"context"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/input"
)

// tasksPutSQL inserts or replaces task states given as parallel arrays and records each in the
// task history (replacing the history row of the same uuid and seq), in one statement; the
// foreign keys only accept a plaintext account. The arrays hold one state per uuid: one
// INSERT … ON CONFLICT DO UPDATE may not touch a row twice.
const tasksPutSQL = `
	WITH input AS (
		SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::boolean[])
		  AS i (uuid, data, times, seq, deleted)
	), task AS (
		INSERT INTO tasks (account_id, uuid, data, times, seq, deleted)
		SELECT $1, uuid, data, times, seq, deleted FROM input
		ON CONFLICT (account_id, uuid) DO UPDATE SET
		  data = EXCLUDED.data, times = EXCLUDED.times, seq = EXCLUDED.seq, deleted = EXCLUDED.deleted
	)
	INSERT INTO task_history (account_id, uuid, seq, data, times, deleted)
	SELECT $1, uuid, seq, data, times, deleted FROM input
	ON CONFLICT (account_id, uuid, seq) DO UPDATE SET
	  data = EXCLUDED.data, times = EXCLUDED.times, deleted = EXCLUDED.deleted`

// TasksGet returns the states of the given tasks that exist, deleted ones included, in one
// statement. An encrypted account is store.ErrNotPlaintext.
func (t *chainTx) TasksGet(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]store.TaskState, error) {
	if ids == nil {
		ids = []uuid.UUID{}
	}
	tasks, err := tasksQuery(ctx, t.tx, "postgres: get tasks", tasksGetSQL, t.chain.AccountID, ids)
	if err != nil {
		return nil, err
	}
	return byUUID(tasks), nil
}

// TasksAll returns every task state of the locked account, deleted ones included, by uuid. An
// encrypted account is store.ErrNotPlaintext.
func (t *chainTx) TasksAll(ctx context.Context) ([]store.TaskState, error) {
	return tasksQuery(ctx, t.tx, "postgres: list tasks", tasksAllSQL, t.chain.AccountID)
}

// TasksEach calls fn with every task state of the locked account, deleted ones included, by
// uuid, as the rows are read; fn must not use the transaction. An encrypted account is
// store.ErrNotPlaintext.
func (t *chainTx) TasksEach(ctx context.Context, fn func(store.TaskState) error) error {
	return tasksEach(ctx, t.tx, "postgres: list tasks", tasksAllSQL, fn, t.chain.AccountID)
}

// TasksWithParentEach calls fn with the state of each task whose parent is one of parents,
// deleted ones included, by uuid, as the rows of one statement are read; fn must not use the
// transaction. An encrypted account is store.ErrNotPlaintext.
func (t *chainTx) TasksWithParentEach(ctx context.Context, parents []string, fn func(store.TaskState) error) error {
	if parents == nil {
		parents = []string{}
	}
	return tasksEach(ctx, t.tx, "postgres: tasks by parent", tasksByParentSQL, fn, t.chain.AccountID, parents)
}

// TasksPut inserts or replaces task states and records each in the task history, in one
// statement (and one more for each state of largeValue or more); a later state of one uuid
// replaces an earlier one. Empty Data or Times is stored as
// an empty JSON object. An encrypted account is store.ErrNotPlaintext, and nothing the
// transaction wrote is committed.
func (t *chainTx) TasksPut(ctx context.Context, tasks []store.TaskState) error {
	large, small := splitLarge(input.LastStates(tasks))
	for _, task := range large {
		if err := t.taskPutOne(ctx, task); err != nil {
			return t.fail(mapErr("postgres: put a large task", err))
		}
	}
	if len(small) == 0 {
		return nil
	}
	c := taskColumns(small)
	_, err := t.tx.Exec(ctx, tasksPutSQL, t.chain.AccountID, c.ids, c.data, c.times, c.seqs, c.deleted)
	return t.fail(mapErr("postgres: put tasks", err))
}

// taskArrays holds task states as the parallel arrays of tasksPutSQL.
type taskArrays struct {
	ids         []uuid.UUID
	data, times [][]byte
	seqs        []int64
	deleted     []bool
}

// taskColumns turns tasks into parallel arrays.
func taskColumns(tasks []store.TaskState) taskArrays {
	n := len(tasks)
	c := taskArrays{
		ids: make([]uuid.UUID, 0, n), data: make([][]byte, 0, n),
		times: make([][]byte, 0, n), seqs: make([]int64, 0, n), deleted: make([]bool, 0, n),
	}
	for _, task := range tasks {
		c.ids = append(c.ids, task.UUID)
		c.data = append(c.data, jsonObject(task.Data))
		c.times = append(c.times, jsonObject(task.Times))
		c.seqs = append(c.seqs, task.Seq)
		c.deleted = append(c.deleted, task.Deleted)
	}
	return c
}

// jsonObject returns b, or an empty JSON object when b is empty: the columns hold JSON objects
// and are NOT NULL.
func jsonObject(b []byte) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}
