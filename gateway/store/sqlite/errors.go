package sqlite

import (
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/taskgate/taskgate/gateway/store"
)

// mapErr is the one place where driver errors become store sentinels: no rows is
// store.ErrNotFound, a unique or primary-key violation is store.ErrConflict. Every other error is
// wrapped with op as context. A nil err stays nil.
func mapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if isNoRows(err) {
		return fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%s: %w (%s)", op, store.ErrConflict, se.Error())
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// isNoRows reports whether err says a single-row query found nothing.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
