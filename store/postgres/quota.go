package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/taskgate/taskgate/store"
)

// AccountQuotaSet replaces the account's own quota values (nil fields take the server's
// defaults again); an unknown id is store.ErrNotFound. Its usage is read with ChainGet.
func (s *Store) AccountQuotaSet(ctx context.Context, accountID int64, q store.QuotaOverride) error {
	const op = "postgres: set account quota"
	tag, err := s.pool.Exec(ctx, `UPDATE chains SET quota_bytes = $1, quota_versions = $2 WHERE account_id = $3`,
		q.Bytes, q.Versions, accountID)
	if err != nil {
		return mapErr(op, err)
	}
	if tag.RowsAffected() == 0 {
		return mapErr(op, pgx.ErrNoRows)
	}
	return nil
}
