package postgres

import (
	"context"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// VersionGet returns one version of the account's chain, or store.ErrNotFound.
func (s *Store) VersionGet(ctx context.Context, accountID int64, id uuid.UUID) (store.Version, error) {
	v, err := versionGet(ctx, s.pool, accountID, id)
	return v, mapErr("postgres: get version", err)
}

// versionGet reads one version through q; errors are the driver's.
func versionGet(ctx context.Context, q querier, accountID int64, id uuid.UUID) (store.Version, error) {
	v := store.Version{ID: id}
	err := q.QueryRow(ctx, `
		SELECT parent_version_id, seq, history_segment FROM versions
		WHERE account_id = $1 AND version_id = $2`, accountID, id).Scan(&v.Parent, &v.Seq, &v.Segment)
	if err != nil {
		return store.Version{}, err
	}
	return v, nil
}
