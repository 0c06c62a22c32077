package accounts

import (
	"context"
	"fmt"
	"strconv"

	"github.com/taskgate/taskgate/store"
)

// QuotaInfo is an account's usage and its quota.
type QuotaInfo struct {
	Account string `json:"account"`
	// Usage is what the account's history holds.
	Usage store.Usage `json:"usage"`
	// Limit is the quota in force: the account's own values where set, else the server's
	// defaults (0: no limit).
	Limit store.Quota `json:"limit"`
	// Own are the account's own values (null: the server's default).
	Own store.QuotaOverride `json:"own"`
}

// WithDefaultQuota sets the server's default quota, which QuotaGet reports where an account has
// no value of its own.
func WithDefaultQuota(q store.Quota) Option {
	return func(m *Manager) { m.quota = q }
}

// QuotaGet returns the account's usage and quota.
func (m *Manager) QuotaGet(ctx context.Context, name string) (QuotaInfo, error) {
	a, err := m.account(ctx, name)
	if err != nil {
		return QuotaInfo{}, err
	}
	ch, err := m.st.ChainGet(ctx, a.ID)
	if err != nil {
		return QuotaInfo{}, fmt.Errorf("reading the usage of account %q: %w", name, err)
	}
	return QuotaInfo{Account: a.Name, Usage: ch.Usage, Limit: ch.Quota.Over(m.quota), Own: ch.Quota}, nil
}

// QuotaSet replaces the account's own quota values with q: a nil field takes the server's
// default again, zero means no limit. The chain core applies it from the account's next write;
// an account already over it keeps what it has but can add nothing more.
func (m *Manager) QuotaSet(ctx context.Context, name string, q store.QuotaOverride) (err error) {
	defer func() { err = m.audit(ctx, ActionQuotaSet, name, quotaDetail(q), err) }()
	for _, v := range []*int64{q.Bytes, q.Versions} {
		if v != nil && *v < 0 {
			return refuse(ErrInvalidQuota, "a quota cannot be negative")
		}
	}
	a, err := m.account(ctx, name)
	if err != nil {
		return err
	}
	if err := m.st.AccountQuotaSet(ctx, a.ID, q); err != nil {
		return fmt.Errorf("setting the quota of account %q: %w", name, err)
	}
	return nil
}

// quotaDetail describes an account's own quota values for the audit log.
func quotaDetail(q store.QuotaOverride) string {
	return "bytes=" + ownValue(q.Bytes) + " versions=" + ownValue(q.Versions)
}

// ownValue is an own quota value as the audit log shows it: "default" when unset.
func ownValue(v *int64) string {
	if v == nil {
		return "default"
	}
	return strconv.FormatInt(*v, 10)
}
