package postgres

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/taskgate/taskgate/gateway/store"
)

// uniqueViolation is SQLSTATE unique_violation.
const uniqueViolation = "23505"

// mapErr is the one place where driver errors become store sentinels: no rows is
// store.ErrNotFound, a unique violation is store.ErrConflict. Every other error is wrapped with
// op as context. A nil err stays nil.
func mapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if isNoRows(err) {
		return fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == uniqueViolation {
		return fmt.Errorf("%s: %w (constraint %s)", op, store.ErrConflict, pgErr.ConstraintName)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// isNoRows reports whether err says a single-row query found nothing.
func isNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }
