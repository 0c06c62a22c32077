package sqlite

import (
	"context"
	"database/sql"

	"github.com/taskgate/taskgate/store/internal/schema"
)

// SchemaVersion reports the applied migration number (0 for an empty database) and whether the
// last migration failed part-way. It only reads; it never creates the bookkeeping table.
func (s *Store) SchemaVersion(ctx context.Context) (version uint, dirty bool, err error) {
	return schemaVersion(ctx, s.read)
}

// schemaVersion reads the migration bookkeeping of the database db is open on.
func schemaVersion(ctx context.Context, db *sql.DB) (version uint, dirty bool, err error) {
	exists, err := tableExists(ctx, db, schema.Table)
	if err != nil || !exists {
		return 0, false, mapErr("sqlite: read schema version", err)
	}
	var v int64
	err = db.QueryRowContext(ctx,
		`SELECT version, dirty FROM `+schema.Table+` LIMIT 1`).Scan(&v, &dirty)
	if err != nil {
		if isNoRows(err) {
			return 0, false, nil
		}
		return 0, false, mapErr("sqlite: read schema version", err)
	}
	if v < 0 {
		return 0, dirty, nil
	}
	return uint(v), dirty, nil
}

// tableExists reports whether the database has a table of that name.
func tableExists(ctx context.Context, db *sql.DB, name string) (bool, error) {
	var exists bool
	err := db.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)`, name).Scan(&exists)
	return exists, err
}
