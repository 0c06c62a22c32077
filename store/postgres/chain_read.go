package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/taskgate/taskgate/store"
)

// ChainRead runs fn in a REPEATABLE READ, READ ONLY transaction: one consistent snapshot of the
// account's chain and task state, read without the chain lock, so writers of the account
// proceed meanwhile. The ChainTx's writes fail. store.ErrNotFound when the account has no chain;
// fn's error is returned as it is.
func (s *Store) ChainRead(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return mapErr("postgres: read chain: begin", err)
	}
	defer func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
		defer cancel()
		_ = tx.Rollback(rctx) // a read-only transaction: nothing to lose when this fails
	}()
	ch, err := chainGet(ctx, tx, accountID)
	if err != nil {
		return err
	}
	t := &chainTx{tx: tx, chain: ch}
	if err := fn(ctx, t); err != nil {
		return err
	}
	return t.failed
}
