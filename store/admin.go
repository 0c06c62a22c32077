package store

import "time"

// Device is a device certificate taskgate issued, as the registry holds it. A taskd connection
// presenting it authenticates only as AccountID's account, and not at all once RevokedAt is set.
type Device struct {
	// Fingerprint is the lowercase hex SHA-256 of the certificate's DER encoding: the key the
	// taskd server looks the certificate up by.
	Fingerprint string
	// AccountID is the account the certificate is bound to; 0 once the account was deleted.
	AccountID int64
	// Name is the certificate's subject CN.
	Name string
	// Serial is the certificate's serial number in hex.
	Serial   string
	IssuedAt time.Time
	// LastSeen is when a taskd connection last presented it; zero when never.
	LastSeen time.Time
	// RevokedAt is when it was revoked; zero while it is valid.
	RevokedAt time.Time
}

// Revoked reports whether the certificate was revoked.
func (d Device) Revoked() bool { return !d.RevokedAt.IsZero() }

// UsageDetail is what an account holds, in parts, read from the Usage counters kept by every
// write (never a scan of the account's rows) and the snapshot's row.
type UsageDetail struct {
	// Versions is the length of the account's version chain.
	Versions int64
	// VersionBytes is the size of the chain's history segments (the stored bytes without the snapshot).
	VersionBytes int64
	// SnapshotBytes is the size of the stored snapshot, 0 without one.
	SnapshotBytes int64
	// SnapshotAt is when the stored snapshot was made; zero without one.
	SnapshotAt time.Time
}

// AuditEntry is one row of the audit log: who did what, when, with what result.
type AuditEntry struct {
	ID int64
	At time.Time
	// Actor is who acted: "cli:USER", "api" or, for a failed taskd login, "taskd:ADDRESS".
	Actor string
	// Action names what was done, such as "account.delete" or "taskd.auth".
	Action string
	// Account is the account's name, "" when none applies.
	Account string
	// Detail says more, never a secret.
	Detail string
	// Result is "ok" or the reason of a refusal or failure.
	Result string
	// Count is how many events an aggregated row stands for (1 for every other row).
	Count int64
}

// Events returns how many events the entry stands for: Count, and at least 1.
func (e AuditEntry) Events() int64 { return max(e.Count, 1) }

// AuditFilter selects audit rows, newest first.
type AuditFilter struct {
	// Account keeps only rows of this account name, when set.
	Account string
	// BeforeID keeps only rows with a smaller id (paging), when set.
	BeforeID int64
	// Limit is the most rows returned.
	Limit int
}
