package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// rollbackTimeout bounds a rollback run after the caller's context has ended.
const rollbackTimeout = 5 * time.Second

// querier is what both *pgxpool.Pool and pgx.Tx offer, so reads can run inside or outside a
// transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// inTx runs fn in a READ COMMITTED transaction. It commits when fn returns nil and rolls back
// otherwise, including when fn panics, so no connection ever goes back to the pool inside a
// transaction. fn's error is returned as it is.
func (s *Store) inTx(ctx context.Context, op string, fn func(tx pgx.Tx) error) (err error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return mapErr(op+": begin", err)
	}
	done := false
	defer func() {
		if done {
			return
		}
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
		defer cancel()
		if rbErr := tx.Rollback(rctx); rbErr != nil && !errors.Is(rbErr, pgx.ErrTxClosed) {
			err = errors.Join(err, mapErr(op+": rollback", rbErr))
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	done = true
	return mapErr(op+": commit", tx.Commit(ctx))
}
