package postgres

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

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
	tasksAllSQL = taskSelect + ` ON t.account_id = a.id WHERE a.id = $1 ORDER BY t.uuid`
	// tasksChangedSQL reads the tasks changed after a seq, by seq then uuid.
	tasksChangedSQL = taskSelect + ` ON t.account_id = a.id AND t.seq > $2 WHERE a.id = $1 ORDER BY t.seq, t.uuid`
	// tasksByParentSQL reads the tasks whose parent property is in an array, by uuid, through the
	// index tasks_by_parent (its expression is the one here).
	tasksByParentSQL = taskSelect + `
		ON t.account_id = a.id AND (t.data::jsonb ->> 'parent') = ANY($2::text[]) WHERE a.id = $1 ORDER BY t.uuid`
	// tasksGetSQL reads the tasks whose uuids are in an array.
	tasksGetSQL = taskSelect + ` ON t.account_id = a.id AND t.uuid = ANY($2) WHERE a.id = $1`
)

// TasksAll returns every task state of a plaintext account, deleted ones included, ordered by
// uuid. An unknown account is store.ErrNotFound, an encrypted one store.ErrNotPlaintext.
func (s *Store) TasksAll(ctx context.Context, accountID int64) ([]store.TaskState, error) {
	return tasksQuery(ctx, s.pool, "postgres: list tasks", tasksAllSQL, accountID)
}

// TasksChangedSince returns the task states of a plaintext account whose seq is greater than
// seq, deleted ones included, ordered by seq and then uuid. An unknown account is
// store.ErrNotFound, an encrypted one store.ErrNotPlaintext.
func (s *Store) TasksChangedSince(ctx context.Context, accountID, seq int64) ([]store.TaskState, error) {
	return tasksQuery(ctx, s.pool, "postgres: list changed tasks", tasksChangedSQL, accountID, seq)
}

// tasksQuery runs one of the task reads through q and collects its rows.
func tasksQuery(ctx context.Context, q querier, op, query string, args ...any) ([]store.TaskState, error) {
	return collect.All(func(fn func(store.TaskState) error) error {
		return tasksEach(ctx, q, op, query, fn, args...)
	})
}

// tasksEach runs one of the task reads through q and calls fn with each row as it is read;
// fn's error stops the read and is returned as it is.
func tasksEach(ctx context.Context, q querier, op, query string, fn func(store.TaskState) error, args ...any) error {
	rows, err := q.Query(ctx, query, args...)
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
// row is pgx.ErrNoRows (no account), an account that is not plaintext is store.ErrNotPlaintext, and
// NULL task columns stand for no task.
func scanEach(rows pgx.Rows, fn func(store.TaskState) bool) error {
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
		return pgx.ErrNoRows
	}
	return nil
}

// scanTask reads one row of a task read; ok is false for the NULL task of an account without
// matching tasks.
func scanTask(r pgx.Row) (t store.TaskState, ok bool, err error) {
	var mode store.Mode
	var id *uuid.UUID
	var seq *int64
	var deleted *bool
	if err := r.Scan(&mode, &id, &t.Data, &t.Times, &seq, &deleted); err != nil {
		return store.TaskState{}, false, err
	}
	if mode != store.ModePlaintext {
		return store.TaskState{}, false, fmt.Errorf("the account is %s: %w", mode, store.ErrNotPlaintext)
	}
	if id == nil {
		return store.TaskState{}, false, nil
	}
	t.UUID, t.Seq, t.Deleted = *id, *seq, *deleted
	return t, true, nil
}
