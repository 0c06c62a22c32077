package sqlite

import (
	"context"

	"github.com/taskgate/taskgate/store"
)

// AccountQuotaSet replaces the account's own quota values (nil fields take the server's
// defaults again); an unknown id is store.ErrNotFound. Its usage is read with ChainGet.
func (s *Store) AccountQuotaSet(ctx context.Context, accountID int64, q store.QuotaOverride) error {
	const op = "sqlite: set account quota"
	return s.inTx(ctx, op, func(r runner) error {
		res, err := r.exec(ctx, `UPDATE chains SET quota_bytes = ?, quota_versions = ? WHERE account_id = ?`,
			q.Bytes, q.Versions, accountID)
		if err != nil {
			return mapErr(op, err)
		}
		return affectedOne(op, res)
	})
}
