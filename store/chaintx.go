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
	// Account reads the locked account as it stands under the lock: its mode and status can
	// have changed since the caller looked it up (a conversion to plaintext runs under this lock).
	Account(ctx context.Context) (Account, error)
	// VersionAppend appends a version after the current head: seq = LatestSeq+1, and the head
	// becomes id. It returns ErrConflict when the parent already has a child or id exists.
	VersionAppend(ctx context.Context, id, parent uuid.UUID, segment []byte) (Version, error)
	// VersionGet returns one version of the locked account, or ErrNotFound.
	VersionGet(ctx context.Context, id uuid.UUID) (Version, error)
	// SnapshotPut replaces the account's snapshot.
	SnapshotPut(ctx context.Context, s SnapshotMeta, data []byte) error

	// The methods below serve plaintext accounts only; on an encrypted account they fail (the
	// schema only lets key and task rows point at plaintext accounts).

	// TasksGet returns the states of the given tasks that exist (deleted ones included).
	TasksGet(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]TaskState, error)
	// TasksPut inserts or replaces task states.
	TasksPut(ctx context.Context, tasks []TaskState) error
	// TasksAll returns every task state of the account, deleted ones included, by uuid.
	TasksAll(ctx context.Context) ([]TaskState, error)
	// AccountMakePlaintext turns the locked encrypted account into a plaintext one holding key,
	// in this transaction (the caller rebuilds the task state with TasksPut before committing).
	AccountMakePlaintext(ctx context.Context, key AccountKey) error
	// TasksAt returns the given tasks' states as of chain position seq (the state after the last
	// version at or before seq that changed each task); tasks that did not exist then are absent.
	// TasksPut keeps the history this reads.
	TasksAt(ctx context.Context, ids []uuid.UUID, seq int64) (map[uuid.UUID]TaskState, error)
	// TasksChangedSince returns the states of tasks changed by versions after seq, by seq then uuid.
	TasksChangedSince(ctx context.Context, seq int64) ([]TaskState, error)
	// UDATypes returns the UDA types learned for the account (name to "string", "date",
	// "numeric" or "duration").
	UDATypes(ctx context.Context) (map[string]string, error)
	// UDATypesPut records learned UDA types (insert or replace).
	UDATypesPut(ctx context.Context, types map[string]string) error
}
