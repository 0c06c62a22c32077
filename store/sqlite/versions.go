package sqlite

import (
	"context"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// versionGetSQL reads one version.
const versionGetSQL = `
	SELECT parent_version_id, seq, history_segment FROM versions
	WHERE account_id = ? AND version_id = ?`

// VersionGet returns one version of the account's chain, or store.ErrNotFound.
func (s *Store) VersionGet(ctx context.Context, accountID int64, id uuid.UUID) (store.Version, error) {
	v, err := versionGet(ctx, s.reader(), accountID, id)
	return v, mapErr("sqlite: get version", err)
}

// versionGet reads one version through r; errors are the driver's.
func versionGet(ctx context.Context, r runner, accountID int64, id uuid.UUID) (store.Version, error) {
	v := store.Version{ID: id}
	err := r.queryRow(ctx, versionGetSQL, accountID, id.String()).Scan(&v.Parent, &v.Seq, &v.Segment)
	if err != nil {
		return store.Version{}, err
	}
	return v, nil
}
