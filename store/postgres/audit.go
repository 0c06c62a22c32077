package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/taskgate/taskgate/store"
)

// auditColumns is the column list scanAudit reads, in order.
const auditColumns = `id, at, actor, action, account, detail, result, count`

// AuditAdd appends an entry to the audit log (its ID is assigned; a zero Count counts 1).
func (s *Store) AuditAdd(ctx context.Context, e store.AuditEntry) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO audit_log (at, actor, action, account, detail, result, count)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, e.At, e.Actor, e.Action, e.Account, e.Detail, e.Result, e.Events())
	return mapErr("postgres: add audit entry", err)
}

// AuditAddAggregated adds e to the row of key, creating it from e when there is none: the
// row's count grows by e's and its result becomes e's. Repeated events (failed logins from one
// source within one minute) so make one row.
func (s *Store) AuditAddAggregated(ctx context.Context, key string, e store.AuditEntry) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO audit_log (at, actor, action, account, detail, result, count, dedupe_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (dedupe_key) DO UPDATE SET count = audit_log.count + EXCLUDED.count, result = EXCLUDED.result`,
		e.At, e.Actor, e.Action, e.Account, e.Detail, e.Result, e.Events(), key)
	return mapErr("postgres: add aggregated audit entry", err)
}

// AuditList returns the entries f selects, newest first.
func (s *Store) AuditList(ctx context.Context, f store.AuditFilter) ([]store.AuditEntry, error) {
	const op = "postgres: list audit entries"
	rows, err := s.pool.Query(ctx, `SELECT `+auditColumns+` FROM audit_log
		WHERE ($1 = '' OR account = $1) AND ($2 = 0 OR id < $2)
		ORDER BY id DESC LIMIT $3`, f.Account, f.BeforeID, f.Limit)
	if err != nil {
		return nil, mapErr(op, err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.AuditEntry, error) {
		var e store.AuditEntry
		var at pgtype.Timestamptz
		err := r.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Account, &e.Detail, &e.Result, &e.Count)
		e.At = at.Time.UTC()
		return e, err
	})
	if list == nil {
		list = []store.AuditEntry{}
	}
	return list, mapErr(op, err)
}

// AuditPrune deletes the entries older than before and returns how many.
func (s *Store) AuditPrune(ctx context.Context, before time.Time) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM audit_log WHERE at < $1`, before)
	if err != nil {
		return 0, mapErr("postgres: prune audit log", err)
	}
	return tag.RowsAffected(), nil
}
