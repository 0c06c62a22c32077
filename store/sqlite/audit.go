package sqlite

import (
	"context"
	"time"

	"github.com/taskgate/taskgate/store"
)

// auditColumns is the column list AuditList reads, in order.
const auditColumns = `id, at, actor, action, account, detail, result, count`

// AuditAdd appends an entry to the audit log (its ID is assigned; a zero Count counts 1).
func (s *Store) AuditAdd(ctx context.Context, e store.AuditEntry) error {
	const op = "sqlite: add audit entry"
	return s.inTx(ctx, op, func(r runner) error {
		_, err := r.exec(ctx, `INSERT INTO audit_log (at, actor, action, account, detail, result, count)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, e.At.Unix(), e.Actor, e.Action, e.Account, e.Detail, e.Result, e.Events())
		return mapErr(op, err)
	})
}

// AuditAddAggregated adds e to the row of key, creating it from e when there is none: the
// row's count grows by e's and its result becomes e's. Repeated events (failed logins from one
// source within one minute) so make one row.
func (s *Store) AuditAddAggregated(ctx context.Context, key string, e store.AuditEntry) error {
	const op = "sqlite: add aggregated audit entry"
	return s.inTx(ctx, op, func(r runner) error {
		_, err := r.exec(ctx, `INSERT INTO audit_log (at, actor, action, account, detail, result, count, dedupe_key)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (dedupe_key) DO UPDATE SET count = count + excluded.count, result = excluded.result`,
			e.At.Unix(), e.Actor, e.Action, e.Account, e.Detail, e.Result, e.Events(), key)
		return mapErr(op, err)
	})
}

// AuditList returns the entries f selects, newest first.
func (s *Store) AuditList(ctx context.Context, f store.AuditFilter) ([]store.AuditEntry, error) {
	const op = "sqlite: list audit entries"
	rows, err := s.read.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log
		WHERE (?1 = '' OR account = ?1) AND (?2 = 0 OR id < ?2)
		ORDER BY id DESC LIMIT ?3`, f.Account, f.BeforeID, f.Limit)
	if err != nil {
		return nil, mapErr(op, err)
	}
	defer rows.Close()
	list := []store.AuditEntry{}
	for rows.Next() {
		var e store.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Account, &e.Detail, &e.Result, &e.Count); err != nil {
			return nil, mapErr(op, err)
		}
		e.At = time.Unix(at, 0).UTC()
		list = append(list, e)
	}
	return list, mapErr(op, rows.Err())
}

// AuditPrune deletes the entries older than before and returns how many.
func (s *Store) AuditPrune(ctx context.Context, before time.Time) (int64, error) {
	const op = "sqlite: prune audit log"
	var n int64
	err := s.inTx(ctx, op, func(r runner) error {
		res, err := r.exec(ctx, `DELETE FROM audit_log WHERE at < ?`, before.Unix())
		if err != nil {
			return mapErr(op, err)
		}
		n, err = res.RowsAffected()
		return mapErr(op, err)
	})
	return n, err
}
