package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"unsafe"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/collect"
)

// The task reads left-join the account's tasks to its accounts row, so one statement tells an
// unknown account (no row) and an encrypted one (its mode) from one without matching tasks (a
// single row of NULL task columns).
const (
	// taskSelect is the column list scanTasks reads, from accounts a and tasks t.
	taskSelect = `SELECT a.mode, t.uuid, t.data, t.times, t.seq, t.deleted FROM accounts a LEFT JOIN tasks t`
	// tasksAllSQL reads every task of an account by uuid.
	tasksAllSQL = taskSelect + ` ON t.account_id = a.id WHERE a.id = +? ORDER BY t.uuid`
	// tasksChangedSQL reads the tasks changed after a seq, by seq then uuid.
	tasksChangedSQL = taskSelect + ` ON t.account_id = a.id AND t.seq > ? WHERE a.id = +? ORDER BY t.seq, t.uuid`
	// tasksByParentSQL reads the tasks whose parent property is in a JSON array of strings, by
	// uuid, through the index tasks_by_parent (its expression is the one here; without
	// statistics the planner would rather scan the account's tasks by primary key).
	tasksByParentSQL = `SELECT a.mode, t.uuid, t.data, t.times, t.seq, t.deleted FROM accounts a
		LEFT JOIN tasks t INDEXED BY tasks_by_parent
		ON t.account_id = a.id AND json_extract(t.data, '$.parent') IN (SELECT value FROM json_each(?))
		WHERE a.id = +? ORDER BY t.uuid`
	// tasksGetSQL reads the tasks whose uuids are in a JSON array of strings.
	tasksGetSQL = taskSelect + `
		ON t.account_id = a.id AND t.uuid IN (SELECT value FROM json_each(?)) WHERE a.id = +?`
	// taskGetSQL reads one task, the usual case of a sync, without encoding a list for
	// json_each.
	taskGetSQL = taskSelect + ` ON t.account_id = a.id AND t.uuid = ? WHERE a.id = +?`
)

// TasksAll returns every task state of a plaintext account, deleted ones included, ordered by
// uuid. An unknown account is store.ErrNotFound, an encrypted one store.ErrNotPlaintext.
func (s *Store) TasksAll(ctx context.Context, accountID int64) ([]store.TaskState, error) {
	return tasksQuery(ctx, s.reader(), "sqlite: list tasks", tasksAllSQL, accountID)
}

// TasksChangedSince returns the task states of a plaintext account whose seq is greater than
// seq, deleted ones included, ordered by seq and then uuid. An unknown account is
// store.ErrNotFound, an encrypted one store.ErrNotPlaintext.
func (s *Store) TasksChangedSince(ctx context.Context, accountID, seq int64) ([]store.TaskState, error) {
	return tasksQuery(ctx, s.reader(), "sqlite: list changed tasks", tasksChangedSQL, seq, accountID)
}

// tasksQuery runs one of the task reads through r and collects its rows.
func tasksQuery(ctx context.Context, r runner, op, query string, args ...any) ([]store.TaskState, error) {
	return collect.All(func(fn func(store.TaskState) error) error {
		return tasksEach(ctx, r, op, query, fn, args...)
	})
}

// tasksEach runs one of the task reads through r and calls fn with each row as it is read;
// fn's error stops the read and is returned as it is.
func tasksEach(ctx context.Context, r runner, op, query string, fn func(store.TaskState) error, args ...any) error {
	rows, err := r.query(ctx, query, args...)
	if err != nil {
		return mapErr(op, err)
	}
	defer rows.Close()
	var fnErr error
	err = scanEach(rows, func(t store.TaskState) bool {
		fnErr = fn(t)
		return fnErr == nil
	})
	if fnErr != nil {
		return fnErr
	}
	return mapErr(op, err)
}

// scanEach reads the rows of a task read, calling fn with each task until it returns false: no
// row is sql.ErrNoRows (no account), an account that is not plaintext is store.ErrNotPlaintext, and
// NULL task columns stand for no task.
func scanEach(rows *sql.Rows, fn func(store.TaskState) bool) error {
	seen := false
	for rows.Next() {
		seen = true
		t, ok, err := scanTask(rows)
		if err != nil {
			return err
		}
		if ok && !fn(t) {
			return nil
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if !seen {
		return sql.ErrNoRows
	}
	return nil
}

// scanTask reads one row of a task read; ok is false for the NULL task of an account without
// matching tasks.
func scanTask(rows *sql.Rows) (t store.TaskState, ok bool, err error) {
	var mode store.Mode
	var id uuid.NullUUID
	var seq sql.NullInt64
	var deleted sql.NullBool
	if err := rows.Scan(&mode, &id, &t.Data, &t.Times, &seq, &deleted); err != nil {
		return store.TaskState{}, false, err
	}
	if mode != store.ModePlaintext {
		return store.TaskState{}, false, fmt.Errorf("the account is %s: %w", mode, store.ErrNotPlaintext)
	}
	t.UUID, t.Seq, t.Deleted = id.UUID, seq.Int64, deleted.Bool
	return t, id.Valid, nil
}

// jsonObject returns b as the text bound to a JSON column, or an empty JSON object when b is
// empty: the columns hold JSON objects and are NOT NULL. The text shares b's bytes instead of
// copying them (a large task's state would otherwise be in memory twice while it is written):
// the driver copies a bound text into SQLite's memory as it binds it, and keeps nothing of the
// argument once the statement has run, so b only has to stay unchanged until then. It is bound
// as text, not as a blob, because SQLite's JSON functions read a blob as its binary JSON.
func jsonObject(b []byte) string {
	if len(b) == 0 {
		return "{}"
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}
