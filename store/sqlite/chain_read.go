package sqlite

import (
	"context"

	"github.com/taskgate/taskgate/store"
)

// ChainRead runs fn in a read transaction of its own on a reader connection: one consistent
// snapshot of the database (WAL lets it run beside the writer), without the chain lock and
// without a turn of the writer, so a long read delays no one. The ChainTx's writes fail (the
// reader connections are query_only). store.ErrNotFound when the account has no chain; fn's
// error is returned as it is.
func (s *Store) ChainRead(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return mapErr("sqlite: read chain: connection", err)
	}
	defer func() { _ = conn.Close() }()
	if _, err := conn.ExecContext(ctx, `BEGIN`); err != nil {
		return mapErr("sqlite: read chain: begin", err)
	}
	defer func() { _, _ = conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`) }()
	r := runner{c: &stmtCache{db: conn}}
	ch, err := chainRead(ctx, r, accountID)
	if err != nil {
		return mapErr("sqlite: read chain", err)
	}
	t := &chainTx{r: r, chain: ch, now: s.now}
	if err := fn(ctx, t); err != nil {
		return err
	}
	return t.failed
}
