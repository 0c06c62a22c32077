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

	// Plaintext reads the locked account with the key the server holds for it, in one statement
	// of this transaction, and returns the transaction's plaintext operations. For an encrypted
	// account it returns an error wrapping ErrNotPlaintext, with the account (and no key) in the
	// PlaintextAccount, so one call serves a caller that handles both modes.
	Plaintext(ctx context.Context) (PlaintextTx, PlaintextAccount, error)
	// AccountMakePlaintext turns the locked encrypted account into a plaintext one holding key,
	// in this transaction, and returns the plaintext operations (the caller rebuilds the task
	// state with TasksPut before committing). A plaintext account is ErrConflict.
	AccountMakePlaintext(ctx context.Context, key AccountKey) (PlaintextTx, error)
}

// PlaintextAccount is a plaintext account as read under its chain lock, with its key.
type PlaintextAccount struct {
	Account
	Key AccountKey
}

// PlaintextTx is a ChainTx whose account is known to be plaintext: only ChainTx.Plaintext and
// ChainTx.AccountMakePlaintext hand one out, so the operations on the materialized task state
// cannot be reached for an encrypted account.
type PlaintextTx interface {
	ChainTx
	// TasksGet returns the states of the given tasks that exist (deleted ones included).
	TasksGet(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]TaskState, error)
	// TasksGetWithBase returns, in one statement, the current states of the given tasks and their
	// states as of chain position seq (see TasksAt); tasks absent from either are left out of it.
	TasksGetWithBase(ctx context.Context, ids []uuid.UUID, seq int64) (current, base map[uuid.UUID]TaskState, err error)
	// TasksPut inserts or replaces task states.
	TasksPut(ctx context.Context, tasks []TaskState) error
	// VersionAppendWithTasks is TasksPut of the task states a version changed followed by
	// VersionAppend of the version, in one round trip where the engine can send both at once.
	VersionAppendWithTasks(ctx context.Context, id, parent uuid.UUID, segment []byte, tasks []TaskState) (Version, error)
	// TasksAll returns every task state of the account, deleted ones included, by uuid.
	TasksAll(ctx context.Context) ([]TaskState, error)
	// TasksEach calls fn with every task state of the account, deleted ones included, by uuid,
	// one at a time as the rows are read, so that a large account is never held whole; fn must
	// not use the transaction, and its error stops the read and is returned as it is.
	TasksEach(ctx context.Context, fn func(TaskState) error) error
	// TasksAt returns the given tasks' states as of chain position seq (the state after the last
	// version at or before seq that changed each task); tasks that did not exist then are absent.
	// TasksPut keeps the history this reads.
	TasksAt(ctx context.Context, ids []uuid.UUID, seq int64) (map[uuid.UUID]TaskState, error)
	// TasksWithParentEach calls fn with the state of each task whose parent property (the
	// recurring task an instance belongs to) is one of parents, deleted ones included, by uuid,
	// as TasksEach reads.
	TasksWithParentEach(ctx context.Context, parents []string, fn func(TaskState) error) error
	// TasksChangedSince returns the states of tasks changed by versions after seq, by seq then uuid.
	TasksChangedSince(ctx context.Context, seq int64) ([]TaskState, error)
	// TasksChangedSinceEach is TasksChangedSince one state at a time, as TasksEach reads.
	TasksChangedSinceEach(ctx context.Context, seq int64, fn func(TaskState) error) error
	// UDATypes returns the UDA types declared for the account (name to "string", "date",
	// "numeric" or "duration").
	UDATypes(ctx context.Context) (map[string]string, error)
	// UDATypesPut declares UDA types (insert or replace).
	UDATypesPut(ctx context.Context, types map[string]string) error
	// UDATypesDelete forgets the declared types of the named UDAs; names without one are
	// ignored.
	UDATypesDelete(ctx context.Context, names []string) error
}
