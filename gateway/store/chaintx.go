package store

import (
	"context"

	"github.com/google/uuid"
)

// ChainTx is one short transaction that holds an account's chain lock. Both engines hand one to
// the callback of ChainUpdate; it is committed when the callback returns nil and rolled back
// otherwise. The protocol rules (parent checks, snapshot windows) live with the callers; a ChainTx
// only reads and writes rows of the locked account.
type ChainTx interface {
	// Chain returns the chain state as read under the lock, updated by this transaction's writes.
	Chain() Chain
	// VersionAppend appends a version after the current head: seq = LatestSeq+1, and the head
	// becomes id. It returns ErrConflict when the parent already has a child or id exists.
	VersionAppend(ctx context.Context, id, parent uuid.UUID, segment []byte) (Version, error)
	// VersionGet returns one version of the locked account, or ErrNotFound.
	VersionGet(ctx context.Context, id uuid.UUID) (Version, error)
	// SnapshotPut replaces the account's snapshot.
	SnapshotPut(ctx context.Context, s SnapshotMeta, data []byte) error
}
