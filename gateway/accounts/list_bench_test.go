package accounts_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
)

// BenchmarkListPage reads one page of 100 accounts, with their usage, from the middle of a store
// of 100 and of 10,000 accounts: the cost of a page must not grow with the number of accounts.
func BenchmarkListPage(b *testing.B) {
	testengines.EachB(b, func(b *testing.B, st accounts.Store) {
		m := accounts.New(st, keys.MasterKey{}, "http://tasks.example.org")
		have := 0
		for _, n := range []int{100, 10_000} {
			for ; have < n; have++ {
				_, err := st.AccountCreate(b.Context(), store.AccountCreateParams{Name: fmt.Sprintf("acct-%05d", have), Mode: store.ModeEncrypted})
				require.NoError(b, err)
			}
			after := fmt.Sprintf("acct-%05d", n/2-50)
			b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
				for b.Loop() {
					p, err := m.ListPage(b.Context(), after, 100)
					if err != nil || len(p.Accounts) == 0 {
						b.Fatalf("page of %d accounts: %v", len(p.Accounts), err)
					}
				}
			})
		}
	})
}
