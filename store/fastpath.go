package store

import "github.com/google/uuid"

// ClientChild is what an engine's ClientVersionChild reads in one statement, and so from one
// consistent state: a TaskChampion client's account, its chain head and the child of a parent.
type ClientChild struct {
	Account Account
	// Latest is the chain head, NilVersion when the chain is empty.
	Latest uuid.UUID
	// Child is the version whose parent is the one asked for; set only when Found.
	Child Version
	Found bool
}

// ClientAppend is the outcome of an engine's ClientAppendEncrypted: the hot path of
// add-version, which reaches the account through the client id and appends in one short
// transaction without a callback.
type ClientAppend struct {
	Account Account
	// Appended reports that the version was stored and is durable. It is false, and nothing was
	// written, when the account is not an active encrypted one or the parent is not the head of
	// a non-empty chain: the caller then takes the general path (a ChainUpdate), which decides
	// the answer under the chain lock.
	Appended bool
	// Version is the stored version; set only when Appended.
	Version Version
	// Before is the chain as it stood just before Version, with the snapshot, both read under
	// the chain lock, for the snapshot urgency; set only when Appended.
	Before Chain
}

// The accounts the hot append path may write to: active encrypted ones (a plaintext version
// must be opened and applied in the same transaction, by the chain core). The PostgreSQL engine
// passes these values to its append statement, so the rule is stated here only.
const (
	AppendableMode   = ModeEncrypted
	AppendableStatus = StatusActive
)

// Appendable reports whether the hot append path may write to a.
func Appendable(a Account) bool { return a.Mode == AppendableMode && a.Status == AppendableStatus }

// ParentAccepted is the chain rule for a new version's parent: it must be the head, or the
// chain must be empty (latest is NilVersion), in which case any parent is accepted (the nil
// rule). The PostgreSQL engine's append statements state the same condition in SQL.
func ParentAccepted(latest, parent uuid.UUID) bool {
	return latest == NilVersion || parent == latest
}
