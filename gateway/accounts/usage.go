package accounts

import (
	"context"
	"fmt"
	"time"

	"github.com/taskgate/taskgate/store"
)

// Usage is what an account holds, from counters the store keeps on every write.
type Usage struct {
	// Versions is the length of the account's version chain.
	Versions int64 `json:"versions"`
	// VersionBytes is the size of the chain's history segments (the stored bytes without the snapshot).
	VersionBytes int64 `json:"version_bytes"`
	// SnapshotBytes is the size of the stored snapshot, 0 without one.
	SnapshotBytes int64 `json:"snapshot_bytes"`
	// SnapshotAt is when the stored snapshot was made; nil without one.
	SnapshotAt *time.Time `json:"snapshot_at,omitempty"`
}

// Listed is an account in a page of the account list: mode, status and usage.
type Listed struct {
	Name      string       `json:"name"`
	Mode      store.Mode   `json:"mode"`
	Status    store.Status `json:"status"`
	CreatedAt time.Time    `json:"created_at"`
	Usage     Usage        `json:"usage"`
}

// Page is one page of the account list; Next is the name to pass as after for the next page,
// "" on the last one.
type Page struct {
	Accounts []Listed `json:"accounts"`
	Next     string   `json:"next,omitempty"`
}

// ListPage returns the accounts named after after (byte order), at most limit (see PageSize),
// each with its usage. It reads one page of accounts and one counter row per account, however
// many accounts the store holds.
func (m *Manager) ListPage(ctx context.Context, after string, limit int) (Page, error) {
	limit = PageSize(limit)
	list, err := m.st.AccountPage(ctx, after, limit)
	if err != nil {
		return Page{}, fmt.Errorf("listing accounts: %w", err)
	}
	p := Page{Accounts: make([]Listed, 0, len(list))}
	for _, a := range list {
		u, err := m.usage(ctx, a)
		if err != nil {
			return Page{}, err
		}
		p.Accounts = append(p.Accounts, Listed{Name: a.Name, Mode: a.Mode, Status: a.Status, CreatedAt: a.CreatedAt, Usage: u})
	}
	if len(list) == limit {
		p.Next = list[len(list)-1].Name
	}
	return p, nil
}

// Usage returns the account's usage figures.
func (m *Manager) Usage(ctx context.Context, name string) (Usage, error) {
	a, err := m.account(ctx, name)
	if err != nil {
		return Usage{}, err
	}
	return m.usage(ctx, a)
}

// usage reads the counters of a.
func (m *Manager) usage(ctx context.Context, a store.Account) (Usage, error) {
	u, err := m.st.AccountUsage(ctx, a.ID)
	if err != nil {
		return Usage{}, fmt.Errorf("reading the usage of account %q: %w", a.Name, err)
	}
	return Usage{Versions: u.Versions, VersionBytes: u.VersionBytes, SnapshotBytes: u.SnapshotBytes,
		SnapshotAt: timeOrNil(u.SnapshotAt)}, nil
}
