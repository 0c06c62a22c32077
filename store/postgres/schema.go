package postgres

import (
	"context"

	"github.com/taskgate/taskgate/store/internal/schema"
)

// SchemaVersion reports the applied migration number (0 for an empty schema) and whether the
// last migration failed part-way. It only reads; it never creates the bookkeeping table. The
// table is looked up through the connection's search_path, where golang-migrate creates it.
func (s *Store) SchemaVersion(ctx context.Context) (version uint, dirty bool, err error) {
	var exists bool
	err = s.pool.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, schema.Table).Scan(&exists)
	if err != nil || !exists {
		return 0, false, mapErr("postgres: read schema version", err)
	}
	var v int64
	err = s.pool.QueryRow(ctx, `SELECT version, dirty FROM `+schema.Table+` LIMIT 1`).Scan(&v, &dirty)
	if err != nil {
		if isNoRows(err) {
			return 0, false, nil
		}
		return 0, false, mapErr("postgres: read schema version", err)
	}
	if v < 0 {
		return 0, dirty, nil
	}
	return uint(v), dirty, nil
}
