package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store"
)

// Store is the slice of the store the Manager needs; both engines implement it.
type Store interface {
	// AccountKeyGet returns the key the server holds for a plaintext account, or
	// store.ErrNotFound.
	AccountKeyGet(ctx context.Context, accountID int64) (store.AccountKey, error)
	// TasksAll returns every task state of a plaintext account, deleted ones included.
	TasksAll(ctx context.Context, accountID int64) ([]store.TaskState, error)
	// AccountCreate creates an account, its empty chain, its client and (plaintext) its key.
	AccountCreate(ctx context.Context, p store.AccountCreateParams) (store.Account, error)
	// AccountGetByName returns the account called name, or store.ErrNotFound.
	AccountGetByName(ctx context.Context, name string) (store.Account, error)
	// AccountList returns every account ordered by name.
	AccountList(ctx context.Context) ([]store.Account, error)
	// AccountSetStatus changes an account's status.
	AccountSetStatus(ctx context.Context, id int64, st store.Status) error
	// AccountClients returns the TaskChampion client ids of an account.
	AccountClients(ctx context.Context, accountID int64) ([]uuid.UUID, error)
	// ChainGet returns the account's chain without taking its lock.
	ChainGet(ctx context.Context, accountID int64) (store.Chain, error)
	// VersionGet returns one version of the account, or store.ErrNotFound.
	VersionGet(ctx context.Context, accountID int64, id uuid.UUID) (store.Version, error)
	// ChainUpdate runs fn in one transaction holding the account's chain lock.
	ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error
	// TaskdCredentials returns an account's taskd credentials ordered by org and user.
	TaskdCredentials(ctx context.Context, accountID int64) ([]store.TaskdCredential, error)
	// AccountQuotaSet replaces an account's own quota values.
	AccountQuotaSet(ctx context.Context, accountID int64, q store.QuotaOverride) error
	// TaskdCredentialAdd stores a taskd credential of a plaintext account.
	TaskdCredentialAdd(ctx context.Context, c store.TaskdCredential) error
	// TaskdKeyRotate replaces the key of an account's taskd login.
	TaskdKeyRotate(ctx context.Context, accountID int64, org, user string, key uuid.UUID) error

	// AccountDelete deletes an account with every row of it and revokes its devices.
	AccountDelete(ctx context.Context, id int64, at time.Time) error
	// AccountPage returns at most limit accounts named after after, by name.
	AccountPage(ctx context.Context, after string, limit int) ([]store.Account, error)
	// AccountUsage reads an account's usage counters.
	AccountUsage(ctx context.Context, id int64) (store.UsageDetail, error)
	// ClientAdd gives an account another TaskChampion client id.
	ClientAdd(ctx context.Context, accountID int64, clientID uuid.UUID) error
	// ClientRemove takes a TaskChampion client id from an account.
	ClientRemove(ctx context.Context, accountID int64, clientID uuid.UUID) error

	// DeviceAdd records an issued device certificate.
	DeviceAdd(ctx context.Context, d store.Device) error
	// DeviceList returns an account's device certificates.
	DeviceList(ctx context.Context, accountID int64) ([]store.Device, error)
	// DeviceRevoke revokes the valid certificates of an account's device name.
	DeviceRevoke(ctx context.Context, accountID int64, name string, at time.Time) (int, error)

	// AuditAdd appends an audit entry.
	AuditAdd(ctx context.Context, e store.AuditEntry) error
	// AuditList returns audit entries, newest first.
	AuditList(ctx context.Context, f store.AuditFilter) ([]store.AuditEntry, error)
	// AuditPrune deletes audit entries older than a time.
	AuditPrune(ctx context.Context, before time.Time) (int64, error)
}

// Manager administers accounts. It is safe for concurrent use.
type Manager struct {
	st        Store
	master    keys.MasterKey
	publicURL string
	taskd     TaskdSettings
	quota     store.Quota // the server's default quota
	now       func() time.Time
}

// Option configures a Manager beyond what New requires.
type Option func(*Manager)

// New returns a Manager over st. master seals and opens the keys of plaintext accounts (an
// invalid key makes plaintext accounts unavailable); publicURL is the address Taskwarrior
// devices reach the TaskChampion listener at, printed as sync.server.url.
func New(st Store, master keys.MasterKey, publicURL string, opts ...Option) *Manager {
	m := &Manager{st: st, master: master, publicURL: publicURL, now: time.Now}
	for _, opt := range opts {
		opt(m)
	}
	return m
}

// account returns the account called name, with an operator-friendly error when there is none.
func (m *Manager) account(ctx context.Context, name string) (store.Account, error) {
	a, err := m.st.AccountGetByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return store.Account{}, refuse(store.ErrNotFound, "no account named %q", name)
	}
	if err != nil {
		return store.Account{}, fmt.Errorf("reading account %q: %w", name, err)
	}
	return a, nil
}

// clients returns the client ids of a.
func (m *Manager) clients(ctx context.Context, a store.Account) ([]uuid.UUID, error) {
	ids, err := m.st.AccountClients(ctx, a.ID)
	if err != nil {
		return nil, fmt.Errorf("reading the clients of account %q: %w", a.Name, err)
	}
	return ids, nil
}

// requireMasterKey fails with ErrNoMasterKey when no master key is loaded.
func (m *Manager) requireMasterKey() error {
	if !m.master.Valid() {
		return ErrNoMasterKey
	}
	return nil
}
