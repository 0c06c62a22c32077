package sqlite

import (
	"context"
	"time"

	"github.com/taskgate/taskgate/store"
)

// snapshotGetSQL reads a snapshot with the head's seq.
const snapshotGetSQL = `
	SELECT s.version_id, s.seq, s.created_at, s.data, c.latest_seq
	FROM snapshots s JOIN chains c ON c.account_id = s.account_id
	WHERE s.account_id = +?`

// SnapshotGet returns the account's snapshot and its data, or store.ErrNotFound when there is
// none. VersionsSince is derived from the chain head read by the same statement.
func (s *Store) SnapshotGet(ctx context.Context, accountID int64) (store.SnapshotMeta, []byte, error) {
	var m store.SnapshotMeta
	var created, latestSeq int64
	var data []byte
	err := s.reader().queryRow(ctx, snapshotGetSQL, accountID).Scan(&m.VersionID, &m.Seq, &created, &data, &latestSeq)
	if err != nil {
		return store.SnapshotMeta{}, nil, mapErr("sqlite: get snapshot", err)
	}
	m.CreatedAt = time.Unix(created, 0).UTC()
	m.VersionsSince = latestSeq - m.Seq
	return m, data, nil
}
