package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/taskgate/taskgate/store"
)

// plaintextOnly ends the name of every CHECK that keeps a row tied to a plaintext account
// (migration 0002); SQLite names a failed CHECK in its message.
const plaintextOnly = "_plaintext_only"

// mapErr is the one place where driver errors become store sentinels: no rows is
// store.ErrNotFound, a unique or primary-key violation is store.ErrConflict, and a violated
// plaintext-only rule is store.ErrNotPlaintext. Every other error is wrapped with op as context.
// A nil err stays nil.
//
// SQLite does not say which foreign key failed. Every foreign key violation is taken to be a
// plaintext-only one: the other foreign keys point at the account a row belongs to, which the
// store has just created or read under its lock in the same transaction.
func mapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if isNoRows(err) {
		return fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		if sentinel := constraintSentinel(se); sentinel != nil {
			return fmt.Errorf("%s: %w (%s)", op, sentinel, se.Error())
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// constraintSentinel returns the sentinel a constraint violation stands for, or nil.
func constraintSentinel(se *sqlite.Error) error {
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return store.ErrConflict
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return store.ErrNotPlaintext
	case sqlite3.SQLITE_CONSTRAINT_CHECK:
		if strings.Contains(se.Error(), plaintextOnly) {
			return store.ErrNotPlaintext
		}
	}
	return nil
}

// isNoRows reports whether err says a single-row query found nothing.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
