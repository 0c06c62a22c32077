package postgres

import (
	"context"

	"github.com/taskgate/taskgate/store"
)

// SnapshotGet returns the account's snapshot and its data, or store.ErrNotFound when there is
// none. VersionsSince is derived from the chain head read by the same statement.
func (s *Store) SnapshotGet(ctx context.Context, accountID int64) (store.SnapshotMeta, []byte, error) {
	var m store.SnapshotMeta
	var latestSeq int64
	var data []byte
	err := s.pool.QueryRow(ctx, `
		SELECT s.version_id, s.seq, s.created_at, s.data, c.latest_seq
		FROM snapshots s JOIN chains c ON c.account_id = s.account_id
		WHERE s.account_id = $1`, accountID).Scan(&m.VersionID, &m.Seq, &m.CreatedAt, &data, &latestSeq)
	if err != nil {
		return store.SnapshotMeta{}, nil, mapErr("postgres: get snapshot", err)
	}
	m.CreatedAt = m.CreatedAt.UTC()
	m.VersionsSince = latestSeq - m.Seq
	return m, data, nil
}
