package accounts_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
)

func TestQuota(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		def := store.Quota{Bytes: 1000, Versions: 10}
		m := accounts.New(b.st, b.master, publicURL, accounts.WithDefaultQuota(def))
		_, err := m.Add(b.ctx, "alice", store.ModeEncrypted)
		require.NoError(t, err)

		info, err := m.QuotaGet(b.ctx, "alice")
		require.NoError(t, err)
		require.Equal(t, accounts.QuotaInfo{Account: "alice", Limit: def}, info)

		bytes := int64(0)
		require.NoError(t, m.QuotaSet(b.ctx, "alice", store.QuotaOverride{Bytes: &bytes}))
		info, err = m.QuotaGet(b.ctx, "alice")
		require.NoError(t, err)
		require.Equal(t, store.Quota{Bytes: 0, Versions: 10}, info.Limit, "no byte limit of its own, the default versions")
		require.Equal(t, store.QuotaOverride{Bytes: &bytes}, info.Own)

		require.NoError(t, m.QuotaSet(b.ctx, "alice", store.QuotaOverride{}))
		info, err = m.QuotaGet(b.ctx, "alice")
		require.NoError(t, err)
		require.Equal(t, def, info.Limit, "back to the defaults")

		negative := int64(-1)
		require.ErrorIs(t, m.QuotaSet(b.ctx, "alice", store.QuotaOverride{Versions: &negative}), accounts.ErrInvalidQuota)
		require.ErrorIs(t, m.QuotaSet(b.ctx, "nobody", store.QuotaOverride{}), store.ErrNotFound)
		log, err := m.Audit(b.ctx, "alice", 0, 0)
		require.NoError(t, err)
		require.Len(t, log, 4, "add and three quota changes")
		require.Equal(t, accounts.ActionQuotaSet, log[0].Action)
		require.Contains(t, log[0].Result, "negative")
		require.Equal(t, "bytes=0 versions=default", log[2].Detail)
		require.Equal(t, accounts.ResultOK, log[2].Result)
		_, err = m.QuotaGet(b.ctx, "nobody")
		require.ErrorIs(t, err, store.ErrNotFound)
	})
}
