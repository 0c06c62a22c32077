package champion

import (
	"context"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// Store is the slice of the store the TaskChampion handlers need. Both engines in gateway/store
// satisfy it.
type Store interface {
	// ClientGet returns the client and its account, or store.ErrNotFound.
	ClientGet(ctx context.Context, clientID uuid.UUID) (store.Client, error)
	// ClientEnsureEncrypted creates an encrypted account for an unknown client id (race-free).
	ClientEnsureEncrypted(ctx context.Context, clientID uuid.UUID) (store.Client, error)
	// ClientVersionChild reads, in one consistent statement, the client's account, its chain
	// head and the child of parent; store.ErrNotFound means the client is unknown.
	ClientVersionChild(ctx context.Context, clientID, parent uuid.UUID) (store.ClientChild, error)
	// ClientAppendEncrypted appends a version to an active encrypted account reached through its
	// client, in one short transaction, when parent is the head or the chain is empty and the
	// version fits the account's quota (its override of def); otherwise it writes nothing
	// (Appended false). store.ErrNotFound means the client is unknown.
	ClientAppendEncrypted(ctx context.Context, clientID, parent, id uuid.UUID, segment []byte, def store.Quota) (store.ClientAppend, error)
	// SnapshotGet returns the account's snapshot, or store.ErrNotFound.
	SnapshotGet(ctx context.Context, accountID int64) (store.SnapshotMeta, []byte, error)
	// ChainUpdate runs fn in one transaction holding the account's chain lock.
	ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error
}
