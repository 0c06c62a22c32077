package postgres

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/taskgate/taskgate/store"
)

// SQLSTATEs mapErr translates.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
	checkViolation      = "23514"
)

// The constraints that tie a row to a plaintext account (migration 0002) are named
// <table>_plaintext_account (the foreign key on (account_id, mode)) and <table>_plaintext_only
// (the CHECK on mode).
const (
	plaintextAccount = "_plaintext_account"
	plaintextOnly    = "_plaintext_only"
)

// mapErr is the one place where driver errors become store sentinels: no rows is
// store.ErrNotFound, a unique violation is store.ErrConflict, and a violated plaintext-only
// constraint is store.ErrNotPlaintext. Every other error is wrapped with op as context. A nil
// err stays nil.
func mapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if isNoRows(err) {
		return fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	if unavailable(err) {
		return fmt.Errorf("%s: %w: %w", op, store.ErrUnavailable, err)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		if sentinel := constraintSentinel(pgErr); sentinel != nil {
			return fmt.Errorf("%s: %w (constraint %s)", op, sentinel, pgErr.ConstraintName)
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// constraintSentinel returns the sentinel a constraint violation stands for, or nil.
func constraintSentinel(e *pgconn.PgError) error {
	switch {
	case e.Code == uniqueViolation:
		return store.ErrConflict
	case e.Code == foreignKeyViolation && strings.HasSuffix(e.ConstraintName, plaintextAccount),
		e.Code == checkViolation && strings.HasSuffix(e.ConstraintName, plaintextOnly):
		return store.ErrNotPlaintext
	}
	return nil
}

// isNoRows reports whether err says a single-row query found nothing.
func isNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

// unavailable reports whether err says the database cannot be reached: a failed connection
// attempt, a network error on an open connection, or an open connection that ended in the
// middle of a message (pgx reports io.ErrUnexpectedEOF, or io.EOF between messages, when the
// server or a proxy before it closed the connection).
func unavailable(err error) bool {
	var ce *pgconn.ConnectError
	var ne *net.OpError
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}
