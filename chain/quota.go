package chain

import (
	"fmt"

	"github.com/taskgate/taskgate/store"
)

// Default quotas of an account's history. A Taskwarrior user who syncs a hundred changes a day
// adds about 36,500 versions and 70 MB a year, so real clients stay far below both for decades,
// while one account can no longer fill a disk.
const (
	// DefaultQuotaBytes is the default limit on an account's stored bytes (1 GiB).
	DefaultQuotaBytes = 1 << 30
	// DefaultQuotaVersions is the default limit on an account's versions.
	DefaultQuotaVersions = 1_000_000
)

// DefaultQuota returns the default quota of every account.
func DefaultQuota() store.Quota {
	return store.Quota{Bytes: DefaultQuotaBytes, Versions: DefaultQuotaVersions}
}

// QuotaError refuses a write that would take an account past its quota. Nothing of the write
// is stored. Its text names the limit, for the person at the client.
type QuotaError struct {
	// Measure is store.QuotaBytes or store.QuotaVersions.
	Measure string
	// Limit is the quota on Measure and Used the account's usage before the write.
	Limit, Used int64
}

func (e *QuotaError) Error() string {
	return fmt.Sprintf("account quota exceeded: the limit is %d %s and the account holds %d; "+
		"ask the server's administrator to raise it", e.Limit, e.Measure, e.Used)
}

// Name names the refusal's limit in logs and metrics: "quota_bytes" or "quota_versions".
func (e *QuotaError) Name() string {
	if e.Measure == store.QuotaVersions {
		return "quota_versions"
	}
	return "quota_bytes"
}

// Quota returns the server's default quota, which each account's own values override.
func (c *Core) Quota() store.Quota { return c.cfg.Quota }

// checkQuota refuses a write of addBytes and addVersions to the locked chain ch when it would
// take the account past the quota in force for it.
func (c *Core) checkQuota(ch store.Chain, addBytes, addVersions int64) error {
	q := ch.Quota.Over(c.cfg.Quota)
	m := q.Exceeded(ch.Usage, addBytes, addVersions)
	if m == "" {
		return nil
	}
	return &QuotaError{Measure: m, Limit: q.Limit(m), Used: ch.Usage.Of(m)}
}

// CheckSnapshot refuses a client's snapshot of size bytes for the locked chain ch when it does
// not fit beside what the account holds within its stored-bytes quota (the bytes of the snapshot
// it would replace are not subtracted: a snapshot is kept only while the account has room).
func (c *Core) CheckSnapshot(ch store.Chain, size int64) error {
	return c.checkQuota(ch, size, 0)
}
