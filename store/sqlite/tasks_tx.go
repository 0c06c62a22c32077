package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/input"
)

// taskPutSQL inserts or replaces one task state; its foreign key only accepts a plaintext
// account.
const taskPutSQL = `
	INSERT INTO tasks (account_id, uuid, data, times, seq, deleted) VALUES (?, ?, ?, ?, ?, ?)
	ON CONFLICT (account_id, uuid) DO UPDATE SET
	  data = excluded.data, times = excluded.times, seq = excluded.seq, deleted = excluded.deleted`

// TasksGet returns the states of the given tasks that exist, deleted ones included, in one
// statement. An encrypted account is store.ErrNotPlaintext.
func (t *chainTx) TasksGet(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]store.TaskState, error) {
	const op = "sqlite: get tasks"
	query, arg := taskGetSQL, any(nil)
	if len(ids) == 1 {
		arg = ids[0].String()
	} else {
		list, err := idList(ids)
		if err != nil {
			return nil, mapErr(op, err)
		}
		query, arg = tasksGetSQL, list
	}
	tasks, err := tasksQuery(ctx, t.r, op, query, arg, t.chain.AccountID)
	if err != nil {
		return nil, err
	}
	return byUUID(tasks), nil
}

// TasksAll returns every task state of the locked account, deleted ones included, by uuid. An
// encrypted account is store.ErrNotPlaintext.
func (t *chainTx) TasksAll(ctx context.Context) ([]store.TaskState, error) {
	return tasksQuery(ctx, t.r, "sqlite: list tasks", tasksAllSQL, t.chain.AccountID)
}

// TasksEach calls fn with every task state of the locked account, deleted ones included, by
// uuid, as the rows are read; fn must not use the transaction. An encrypted account is
// store.ErrNotPlaintext.
func (t *chainTx) TasksEach(ctx context.Context, fn func(store.TaskState) error) error {
	return tasksEach(ctx, t.r, "sqlite: list tasks", tasksAllSQL, fn, t.chain.AccountID)
}

// TasksWithParentEach calls fn with the state of each task whose parent is one of parents,
// deleted ones included, by uuid, as the rows of one statement are read; fn must not use the
// transaction. An encrypted account is store.ErrNotPlaintext.
func (t *chainTx) TasksWithParentEach(ctx context.Context, parents []string, fn func(store.TaskState) error) error {
	list, err := json.Marshal(parents)
	if err != nil {
		return mapErr("sqlite: tasks by parent", err)
	}
	return tasksEach(ctx, t.r, "sqlite: tasks by parent", tasksByParentSQL, fn, string(list), t.chain.AccountID)
}

// TasksPut inserts or replaces task states and records each in the task history (replacing the
// history row of the same uuid and seq): two cached statement runs per putChunk tasks, and per
// task of the rest. A later state of one uuid replaces an earlier one. Empty Data or Times is stored as an empty JSON object. An
// encrypted account is store.ErrNotPlaintext, and nothing the transaction wrote is committed.
func (t *chainTx) TasksPut(ctx context.Context, tasks []store.TaskState) error {
	if t.failed != nil {
		return t.failed
	}
	return t.fail(t.tasksPut(ctx, input.LastStates(tasks)))
}

// tasksPut runs the upsert of the task and of its history row for each task, in uuid order:
// the order of both primary keys, so that a large write walks their pages once instead of
// seeking a random page for every row.
func (t *chainTx) tasksPut(ctx context.Context, tasks []store.TaskState) error {
	const op = "sqlite: put tasks"
	if len(tasks) == 0 {
		return nil
	}
	tasks = slices.SortedFunc(slices.Values(tasks), func(a, b store.TaskState) int { return bytes.Compare(a.UUID[:], b.UUID[:]) })
	put, err := t.r.stmt(taskPutSQL)
	if err != nil {
		return mapErr(op, err)
	}
	keep, err := t.r.stmt(historyPutSQL)
	if err != nil {
		return mapErr(op, err)
	}
	ctx = t.r.ctx(ctx)
	for len(tasks) >= putChunk {
		if err := t.chunkPut(ctx, tasks[:putChunk]); err != nil {
			return mapErr(op, err)
		}
		tasks = tasks[putChunk:]
	}
	for _, task := range tasks {
		if err := t.taskPut(ctx, put, keep, task); err != nil {
			return mapErr(op, err)
		}
	}
	return nil
}

// putChunk is how many task states one run of the multi-row statements writes: a large write
// costs one statement run per putChunk rows of each table instead of one per row.
const putChunk = 128

// The upserts of taskPutSQL and historyPutSQL for putChunk rows at once.
var (
	taskPutChunkSQL    = manyRows(taskPutSQL, putChunk)
	historyPutChunkSQL = manyRows(historyPutSQL, putChunk)
)

// manyRows repeats the one row of VALUES of an upsert of six columns n times.
func manyRows(query string, n int) string {
	const row = "(?, ?, ?, ?, ?, ?)"
	return strings.Replace(query, row, strings.TrimSuffix(strings.Repeat(row+", ", n), ", "), 1)
}

// chunkPut writes putChunk task states, then their history rows, with one statement each.
func (t *chainTx) chunkPut(ctx context.Context, tasks []store.TaskState) error {
	rows := make([]any, 0, 6*len(tasks))
	for _, task := range tasks {
		rows = append(rows, t.chain.AccountID, task.UUID.String(), jsonObject(task.Data), jsonObject(task.Times), task.Seq, task.Deleted)
	}
	if _, err := t.r.exec(ctx, taskPutChunkSQL, rows...); err != nil {
		return err
	}
	for i := 0; i < len(rows); i += 6 { // history columns: account, uuid, seq, data, times, deleted
		rows[i+2], rows[i+3], rows[i+4] = rows[i+4], rows[i+2], rows[i+3]
	}
	_, err := t.r.exec(ctx, historyPutChunkSQL, rows...)
	return err
}

// taskPut writes one task state through put and its history row through keep.
func (t *chainTx) taskPut(ctx context.Context, put, keep *sql.Stmt, task store.TaskState) error {
	id, data, times := task.UUID.String(), jsonObject(task.Data), jsonObject(task.Times)
	if _, err := put.ExecContext(ctx, t.chain.AccountID, id, data, times, task.Seq, task.Deleted); err != nil {
		return err
	}
	_, err := keep.ExecContext(ctx, t.chain.AccountID, id, task.Seq, data, times, task.Deleted)
	return err
}
