// Package store holds the domain types and sentinel errors shared by taskgate's two store
// engines (PostgreSQL in store/postgres, embedded SQLite in store/sqlite) and by the protocol
// packages that consume them. It contains no engine code: each consumer declares the small
// interface it needs, and both engines satisfy every such interface.
package store

import (
	"errors"
	"time"

	"github.com/google/uuid"
)

// Sentinel errors. Every engine maps its driver errors to these in exactly one function, and the
// conformance suite in store/storetest checks the mapping, so callers never branch on the engine.
var (
	// ErrNotFound is returned when the requested row does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict is returned when a write would violate a uniqueness rule (a duplicate name,
	// client id or version, or a second child of one parent version).
	ErrConflict = errors.New("store: conflict")
	// ErrSchemaVersion is returned by an engine's Open when the database schema does not match
	// the migrations built into this taskgate (behind, newer, or left dirty by a failed migration).
	ErrSchemaVersion = errors.New("store: database schema version mismatch")
	// ErrNotPlaintext is returned when an operation that needs a plaintext account (server-held
	// keys, task state) meets an encrypted one; the schema itself refuses such rows.
	ErrNotPlaintext = errors.New("store: account is not plaintext")
	// ErrUnavailable is returned when the database cannot be reached (not up yet, or gone): a
	// condition that may pass, unlike the others.
	ErrUnavailable = errors.New("store: database unavailable")
)

// NilVersion is the TaskChampion nil version id: the parent of a chain's first version and the
// latest version of an account that has none.
var NilVersion = uuid.Nil

// Mode says whether the server can read an account's tasks.
type Mode string

const (
	// ModeEncrypted accounts are end-to-end encrypted: the server stores opaque versions only.
	ModeEncrypted Mode = "encrypted"
	// ModePlaintext accounts are sealed with a key the server holds, so they can be bridged.
	ModePlaintext Mode = "plaintext"
)

// Valid reports whether m is one of the defined modes.
func (m Mode) Valid() bool { return m == ModeEncrypted || m == ModePlaintext }

// Status is an account's life-cycle state.
type Status string

const (
	// StatusActive accounts sync normally.
	StatusActive Status = "active"
	// StatusSuspended accounts keep their data but every sync is refused.
	StatusSuspended Status = "suspended"
	// StatusTerminated accounts are closed; every sync is refused.
	StatusTerminated Status = "terminated"
)

// Valid reports whether s is one of the defined statuses.
func (s Status) Valid() bool {
	return s == StatusActive || s == StatusSuspended || s == StatusTerminated
}

// Account is one person's (or one household's) task database.
type Account struct {
	ID        int64
	Name      string
	Mode      Mode
	Status    Status
	CreatedAt time.Time
}

// Client is a TaskChampion client id together with the account it belongs to.
type Client struct {
	ClientID uuid.UUID
	Account  Account
}

// Chain is the state of an account's TaskChampion version chain.
type Chain struct {
	AccountID int64
	// Latest is the newest version id, or NilVersion when the chain is empty.
	Latest uuid.UUID
	// LatestSeq is the position of Latest in the chain (1 for the first version, 0 when empty).
	LatestSeq int64
	// Snapshot describes the stored snapshot; nil when there is none.
	Snapshot *SnapshotMeta
	// Usage is what the account's history occupies (versions and snapshot).
	Usage Usage
	// Quota is the account's own quota, replacing the server's defaults where set.
	Quota QuotaOverride
}

// SnapshotMeta describes an account's single stored snapshot.
type SnapshotMeta struct {
	VersionID uuid.UUID
	// Seq is the chain position of VersionID.
	Seq       int64
	CreatedAt time.Time
	// VersionsSince counts versions added after the snapshot's version.
	VersionsSince int64
}

// Version is one element of a version chain. Segment holds the sealed history segment exactly as
// the client sent it (or as the bridge sealed it).
type Version struct {
	ID      uuid.UUID
	Parent  uuid.UUID
	Seq     int64
	Segment []byte
}
