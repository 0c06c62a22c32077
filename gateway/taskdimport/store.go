package taskdimport

import (
	"context"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// Store is the slice of the store the import needs; both engines implement it.
type Store interface {
	// AccountCreate creates an account with its client, key and taskd credential.
	AccountCreate(ctx context.Context, p store.AccountCreateParams) (store.Account, error)
	// AccountGetByName returns the account called name, or store.ErrNotFound.
	AccountGetByName(ctx context.Context, name string) (store.Account, error)
	// AccountSetStatus changes an account's status.
	AccountSetStatus(ctx context.Context, id int64, st store.Status) error
	// AccountKeyGet returns the key the server holds for a plaintext account.
	AccountKeyGet(ctx context.Context, accountID int64) (store.AccountKey, error)
	// ChainGet returns an account's chain without locking it.
	ChainGet(ctx context.Context, accountID int64) (store.Chain, error)
	// ChainUpdate runs fn in one transaction holding the account's chain lock.
	ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error
	// TaskdCredentialGet returns the taskd credential with key and its account, or store.ErrNotFound.
	TaskdCredentialGet(ctx context.Context, key uuid.UUID) (store.TaskdCredential, store.Account, error)
	// TaskdOrgPut inserts or replaces a taskd organization.
	TaskdOrgPut(ctx context.Context, o store.TaskdOrg) error
}
