package sqlite

import (
	"context"
	"database/sql"
	"errors"
)

// rowScanner is what both *sql.Row and *sql.Rows offer.
type rowScanner interface {
	Scan(dest ...any) error
}

// inTx runs fn in a write transaction (BEGIN IMMEDIATE on the single writer connection). It
// commits when fn returns nil and rolls back otherwise, including when fn panics, so the writer
// connection always goes back to the pool clean. fn's error is returned as it is.
func (s *Store) inTx(ctx context.Context, op string, fn func(tx *sql.Tx) error) (err error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(op+": begin", err)
	}
	done := false
	defer func() {
		if done {
			return
		}
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			err = errors.Join(err, mapErr(op+": rollback", rbErr))
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	done = true
	return mapErr(op+": commit", tx.Commit())
}
