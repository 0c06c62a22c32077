package chain_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/keys/keystest"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
)

// quotaEngine is what the quota tests need of a store.
type quotaEngine interface {
	engine
	ChainGet(ctx context.Context, accountID int64) (store.Chain, error)
	AccountQuotaSet(ctx context.Context, accountID int64, q store.QuotaOverride) error
}

// quotaCore returns a core with a fresh master key and the default quota q.
func quotaCore(t *testing.T, st quotaEngine, q store.Quota) (*chain.Core, keys.MasterKey) {
	t.Helper()
	master := keystest.NewMasterKey(t)
	return chain.New(st, master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy(), Quota: q}), master
}

func TestQuotaRefusesAndWritesNothing(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st quotaEngine) {
		ctx := t.Context()
		core, _ := quotaCore(t, st, store.Quota{Bytes: 10, Versions: 2})
		acct, err := st.AccountCreate(ctx, store.AccountCreateParams{Name: "alice", Mode: store.ModeEncrypted})
		require.NoError(t, err)

		first, err := core.Append(ctx, acct.ID, store.NilVersion, []byte("123456"))
		require.NoError(t, err)
		_, err = core.Append(ctx, acct.ID, first.Version.ID, []byte("12345"))
		var qe *chain.QuotaError
		require.ErrorAs(t, err, &qe)
		require.Equal(t, chain.QuotaError{Measure: store.QuotaBytes, Limit: 10, Used: 6}, *qe)
		require.Contains(t, err.Error(), "the limit is 10 stored bytes")

		second, err := core.Append(ctx, acct.ID, first.Version.ID, []byte("1234"))
		require.NoError(t, err, "exactly at the limit")
		_, err = core.Append(ctx, acct.ID, second.Version.ID, nil)
		require.ErrorAs(t, err, &qe)
		require.Equal(t, chain.QuotaError{Measure: store.QuotaVersions, Limit: 2, Used: 2}, *qe)

		ch, err := st.ChainGet(ctx, acct.ID)
		require.NoError(t, err)
		require.Equal(t, second.Version.ID, ch.Latest, "the refused versions were not stored")
		require.Equal(t, store.Usage{Bytes: 10, Versions: 2}, ch.Usage)

		more, none := int64(3), int64(0)
		require.NoError(t, st.AccountQuotaSet(ctx, acct.ID, store.QuotaOverride{Bytes: &none, Versions: &more}))
		_, err = core.Append(ctx, acct.ID, second.Version.ID, []byte("a longer segment"))
		require.NoError(t, err, "the account's own quota replaces the default")
	})
}

func TestQuotaRefusesPlaintextWritesWhole(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st quotaEngine) {
		ctx := t.Context()
		core, master := quotaCore(t, st, store.Quota{Versions: 1})
		clientID := uuid.New()
		ak, err := chain.SealAccountKey(master, clientID, []byte("secret"))
		require.NoError(t, err)
		acct, err := st.AccountCreate(ctx, store.AccountCreateParams{Name: "home", Mode: store.ModePlaintext, ClientID: clientID, Key: &ak})
		require.NoError(t, err)

		appendOps := func(ops ...codec.Op) error {
			return core.UpdatePlaintext(ctx, acct.ID, func(ctx context.Context, p *chain.Plaintext) error {
				_, _, err := p.AppendOps(ctx, ops, nil)
				return err
			})
		}
		task := uuid.New()
		require.NoError(t, appendOps(createOps(task, "buy milk")...))
		err = appendOps(createOps(uuid.New(), "buy bread")...)
		var qe *chain.QuotaError
		require.ErrorAs(t, err, &qe)
		require.Equal(t, store.QuotaVersions, qe.Measure)

		all, err := st.TasksAll(ctx, acct.ID)
		require.NoError(t, err)
		require.Len(t, all, 1, "the refused version's task was not applied")
		require.Equal(t, task, all[0].UUID)

		ch, err := st.ChainGet(ctx, acct.ID)
		require.NoError(t, err)
		sealed, err := codec.SealSegment(codec.DeriveKey([]byte("secret"), clientID), ch.Latest, createOps(uuid.New(), "x"))
		require.NoError(t, err)
		_, err = core.Append(ctx, acct.ID, ch.Latest, sealed)
		require.ErrorAs(t, err, &qe, "a client's version of a plaintext account too")
	})
}
