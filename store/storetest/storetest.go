// Package storetest is the conformance suite of taskgate's store engines plus the kits their
// tests use. Every behaviour of the store is tested here, once; the PostgreSQL and SQLite packages
// each call Run (and Bench) with their own Open, so a behaviour is supported only once it passes
// on both engines.
//
// The PostgreSQL half needs a server: set TEST_DATABASE_URL (see PostgresURL). Without it the
// PostgreSQL tests skip loudly on a developer machine and fail when CI is set.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// Engine lists every method a store engine offers. It exists for the suite only: consumers
// declare the small slice they need (see champion.Store).
type Engine interface {
	// Engine names the engine: "sqlite" or "postgres".
	Engine() string
	// SchemaVersion reports the applied migration and whether it failed part-way.
	SchemaVersion(ctx context.Context) (version uint, dirty bool, err error)
	// Close releases the engine's connections.
	Close() error

	// AccountCreate creates an account, its chain and its optional client in one transaction.
	AccountCreate(ctx context.Context, p store.AccountCreateParams) (store.Account, error)
	// AccountGet returns an account by id.
	AccountGet(ctx context.Context, id int64) (store.Account, error)
	// AccountGetByName returns an account by name.
	AccountGetByName(ctx context.Context, name string) (store.Account, error)
	// AccountList returns every account ordered by name.
	AccountList(ctx context.Context) ([]store.Account, error)
	// AccountSetStatus changes an account's status.
	AccountSetStatus(ctx context.Context, id int64, s store.Status) error
	// AccountClients returns an account's TaskChampion client ids.
	AccountClients(ctx context.Context, accountID int64) ([]uuid.UUID, error)

	// ClientGet returns a client with its account.
	ClientGet(ctx context.Context, clientID uuid.UUID) (store.Client, error)
	// ClientEnsureEncrypted returns a client, creating an encrypted account for an unknown id.
	ClientEnsureEncrypted(ctx context.Context, clientID uuid.UUID) (store.Client, error)

	// ChainGet returns an account's chain without locking it.
	ChainGet(ctx context.Context, accountID int64) (store.Chain, error)
	// ChainUpdate runs fn in a transaction holding the account's chain lock.
	ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error
	// ChainRead runs fn in a consistent read-only transaction, without the chain lock.
	ChainRead(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error
	// VersionChild reads the chain head and the child of parent in one consistent statement.
	VersionChild(ctx context.Context, accountID int64, parent uuid.UUID) (latest uuid.UUID, child store.Version, found bool, err error)
	// ClientVersionChild reads a client's account, its chain head and the child of parent.
	ClientVersionChild(ctx context.Context, clientID, parent uuid.UUID) (store.ClientChild, error)
	// ClientAppendEncrypted appends to an active encrypted account through its client id.
	ClientAppendEncrypted(ctx context.Context, clientID, parent, id uuid.UUID, segment []byte, def store.Quota) (store.ClientAppend, error)
	// AccountQuotaSet replaces an account's own quota values.
	AccountQuotaSet(ctx context.Context, accountID int64, q store.QuotaOverride) error
	// VersionGet returns one version.
	VersionGet(ctx context.Context, accountID int64, id uuid.UUID) (store.Version, error)
	// SnapshotGet returns the account's snapshot and its data.
	SnapshotGet(ctx context.Context, accountID int64) (store.SnapshotMeta, []byte, error)

	// AccountKeyGet returns the key the server holds for a plaintext account.
	AccountKeyGet(ctx context.Context, accountID int64) (store.AccountKey, error)
	// TasksAll returns every task state of a plaintext account by uuid.
	TasksAll(ctx context.Context, accountID int64) ([]store.TaskState, error)
	// TasksChangedSince returns the task states changed after seq, by seq and uuid.
	TasksChangedSince(ctx context.Context, accountID, seq int64) ([]store.TaskState, error)

	// TaskdCredentialGet returns the taskd credential with key and its account.
	TaskdCredentialGet(ctx context.Context, key uuid.UUID) (store.TaskdCredential, store.Account, error)
	// TaskdCredentials returns an account's taskd credentials by org and user.
	TaskdCredentials(ctx context.Context, accountID int64) ([]store.TaskdCredential, error)
	// TaskdCredentialAdd stores a taskd credential of a plaintext account.
	TaskdCredentialAdd(ctx context.Context, c store.TaskdCredential) error
	// TaskdOrgGet returns a taskd organization.
	TaskdOrgGet(ctx context.Context, name string) (store.TaskdOrg, error)
	// TaskdLoginGet returns the credential with key, its account and its organization.
	TaskdLoginGet(ctx context.Context, key uuid.UUID) (store.TaskdLogin, error)
	// TaskdOrgPut inserts or replaces a taskd organization.
	TaskdOrgPut(ctx context.Context, o store.TaskdOrg) error

	// PKICertGet returns one certificate of the taskd PKI.
	PKICertGet(ctx context.Context, name string) (store.PKICert, error)
	// PKICertList returns every certificate of the taskd PKI by name.
	PKICertList(ctx context.Context) ([]store.PKICert, error)
	// PKICertCreate stores a new certificate; an existing name is store.ErrConflict.
	PKICertCreate(ctx context.Context, c store.PKICert) error
	// PKICertPut stores a certificate, replacing one of the same name.
	PKICertPut(ctx context.Context, c store.PKICert) error
	// KeyCheckGet returns the sealed master key check.
	KeyCheckGet(ctx context.Context) ([]byte, error)
	// KeyCheckCreate writes the master key check; a second one is store.ErrConflict.
	KeyCheckCreate(ctx context.Context, sealed []byte) error
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// CheckSchema checks that the schema matches the built-in migrations.
	CheckSchema(ctx context.Context) error
	// TaskdKeyRotate replaces the key of an account's taskd login.
	TaskdKeyRotate(ctx context.Context, accountID int64, org, user string, key uuid.UUID) error

	// AccountDelete deletes an account with every row of it and revokes its devices.
	AccountDelete(ctx context.Context, id int64, at time.Time) error
	// AccountPage returns one page of accounts by name.
	AccountPage(ctx context.Context, after string, limit int) ([]store.Account, error)
	// AccountUsage reads an account's usage counters.
	AccountUsage(ctx context.Context, id int64) (store.UsageDetail, error)
	// ClientAdd gives an account another TaskChampion client id.
	ClientAdd(ctx context.Context, accountID int64, clientID uuid.UUID) error
	// ClientRemove takes a TaskChampion client id from an account.
	ClientRemove(ctx context.Context, accountID int64, clientID uuid.UUID) error

	// DeviceAdd records an issued device certificate.
	DeviceAdd(ctx context.Context, d store.Device) error
	// DeviceGet returns a device certificate by fingerprint.
	DeviceGet(ctx context.Context, fingerprint string) (store.Device, error)
	// DeviceList returns an account's device certificates.
	DeviceList(ctx context.Context, accountID int64) ([]store.Device, error)
	// DeviceRevoke revokes the valid certificates of an account's device name.
	DeviceRevoke(ctx context.Context, accountID int64, name string, at time.Time) (int, error)
	// DeviceSeen records that a certificate was presented.
	DeviceSeen(ctx context.Context, fingerprint string, at time.Time) error

	// AuditAdd appends an audit entry.
	AuditAdd(ctx context.Context, e store.AuditEntry) error
	// AuditAddAggregated adds an entry to the aggregated row of key.
	AuditAddAggregated(ctx context.Context, key string, e store.AuditEntry) error
	// AuditList returns audit entries, newest first.
	AuditList(ctx context.Context, f store.AuditFilter) ([]store.AuditEntry, error)
	// AuditPrune deletes audit entries older than a time.
	AuditPrune(ctx context.Context, before time.Time) (int64, error)
}

// testBundle is what every test of the suite starts from: a fresh, migrated, empty engine.
type testBundle struct {
	e   Engine
	ctx context.Context
}

// setupFunc opens a fresh engine for one test.
type setupFunc func(t *testing.T) *testBundle

// Run runs the whole conformance suite. open must return a fresh, migrated, empty engine for the
// test it is given and close it in t.Cleanup; the suite runs tests in parallel, each with its own
// engine.
func Run(t *testing.T, open func(t *testing.T) Engine) {
	t.Helper()
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		return &testBundle{e: open(t), ctx: t.Context()}
	}
	groups := []struct {
		name string
		run  func(t *testing.T, setup setupFunc)
	}{
		{"Account", testAccount},
		{"Client", testClient},
		{"Chain", testChain},
		{"ChainUpdate", testChainUpdate},
		{"ChainRead", testChainRead},
		{"Snapshot", testSnapshot},
		{"Plaintext", testPlaintext},
		{"Tasks", testTasks},
		{"TaskHistory", testTaskHistory},
		{"UDATypes", testUDATypes},
		{"TaskdCredential", testTaskdCredential},
		{"TaskdOrg", testTaskdOrg},
		{"PKI", testPKI},
		{"Concurrency", testConcurrency},
		{"FastPath", testFastPath},
		{"Quota", testQuota},
		{"AccountAdmin", testAccountAdmin},
		{"Devices", testDevices},
		{"Audit", testAudit},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			g.run(t, setup)
		})
	}
}
