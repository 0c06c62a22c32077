package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// errRollback makes a ChainUpdate roll back.
var errRollback = errors.New("roll back")

// testQuota covers the usage counters every write of a history moves and the per-account quota
// values, and the hot append path's refusal to write past a quota.
func testQuota(t *testing.T, setup setupFunc) {
	t.Run("UsageCountsVersionsAndSnapshot", func(t *testing.T) {
		t.Parallel()
		testUsageCounts(t, setup(t))
	})
	t.Run("OverrideSetAndUnset", func(t *testing.T) {
		t.Parallel()
		testQuotaOverride(t, setup(t))
	})
	t.Run("HotPathStopsAtQuota", func(t *testing.T) {
		t.Parallel()
		testHotPathQuota(t, setup(t))
	})
}

// usage reads the account's usage through ChainGet.
func (b *testBundle) usage(t *testing.T, accountID int64) store.Usage {
	t.Helper()
	ch, err := b.e.ChainGet(b.ctx, accountID)
	require.NoError(t, err)
	return ch.Usage
}

// testUsageCounts appends through both paths and replaces a snapshot, and checks the counters
// after each write, inside the transaction and after it.
func testUsageCounts(t *testing.T, b *testBundle) {
	client := uuid.New()
	a := b.createAccount(t, "alice", store.ModeEncrypted, client)
	require.Equal(t, store.Usage{}, b.usage(t, a.ID), "new account")

	vs := b.appendN(t, a.ID, 2) // "segment 1", "segment 2": 9 bytes each
	require.Equal(t, store.Usage{Bytes: 18, Versions: 2}, b.usage(t, a.ID), "two versions")

	r, err := b.e.ClientAppendEncrypted(b.ctx, client, vs[1].ID, uuid.New(), []byte("12345"), store.Quota{})
	require.NoError(t, err)
	require.True(t, r.Appended)
	require.Equal(t, store.Usage{Bytes: 23, Versions: 3}, b.usage(t, a.ID), "hot path append")

	put := func(v store.Version, data string, want store.Usage) {
		t.Helper()
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			if err := tx.SnapshotPut(ctx, store.SnapshotMeta{VersionID: v.ID}, []byte(data)); err != nil {
				return err
			}
			require.Equal(t, want, tx.Chain().Usage, "usage inside the transaction")
			return nil
		})
		require.NoError(t, err)
		require.Equal(t, want, b.usage(t, a.ID), "usage after the commit")
	}
	put(vs[0], "0123456789", store.Usage{Bytes: 33, Versions: 3})
	put(vs[1], "0123", store.Usage{Bytes: 27, Versions: 3}) // replaces the 10-byte snapshot

	err = b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		_, err := tx.VersionAppend(ctx, uuid.New(), r.Version.ID, []byte("abc"))
		require.NoError(t, err)
		require.Equal(t, store.Usage{Bytes: 30, Versions: 4}, tx.Chain().Usage)
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
	require.Equal(t, store.Usage{Bytes: 27, Versions: 3}, b.usage(t, a.ID), "a rolled-back append counts nothing")
}

// testQuotaOverride sets, reads and unsets an account's own quota.
func testQuotaOverride(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.New())
	bytes, versions := int64(1000), int64(0)
	require.NoError(t, b.e.AccountQuotaSet(b.ctx, a.ID, store.QuotaOverride{Bytes: &bytes, Versions: &versions}))
	ch, err := b.e.ChainGet(b.ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, store.QuotaOverride{Bytes: &bytes, Versions: &versions}, ch.Quota)
	require.Equal(t, store.Quota{Bytes: 1000, Versions: 0}, ch.Quota.Over(store.Quota{Bytes: 5, Versions: 5}))

	err = b.e.ChainUpdate(b.ctx, a.ID, func(_ context.Context, tx store.ChainTx) error {
		require.Equal(t, ch.Quota, tx.Chain().Quota, "the override is read under the lock")
		return nil
	})
	require.NoError(t, err)

	require.NoError(t, b.e.AccountQuotaSet(b.ctx, a.ID, store.QuotaOverride{}))
	ch, err = b.e.ChainGet(b.ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, store.QuotaOverride{}, ch.Quota)
	require.ErrorIs(t, b.e.AccountQuotaSet(b.ctx, a.ID+1000, store.QuotaOverride{}), store.ErrNotFound)
}

// testHotPathQuota checks that the hot path writes nothing past the default quota or the
// account's own, so that the chain core can refuse the version.
func testHotPathQuota(t *testing.T, b *testBundle) {
	client := uuid.New()
	a := b.createAccount(t, "alice", store.ModeEncrypted, client)
	def := store.Quota{Bytes: 10, Versions: 2}
	r, err := b.e.ClientAppendEncrypted(b.ctx, client, store.NilVersion, uuid.New(), []byte("123456"), def)
	require.NoError(t, err)
	require.True(t, r.Appended, "6 of 10 bytes")

	r2, err := b.e.ClientAppendEncrypted(b.ctx, client, r.Version.ID, uuid.New(), []byte("12345"), def)
	require.NoError(t, err)
	require.False(t, r2.Appended, "11 of 10 bytes")
	require.Equal(t, store.Usage{Bytes: 6, Versions: 1}, b.usage(t, a.ID), "nothing written")

	big := int64(0) // this account: no byte limit, the default two versions
	require.NoError(t, b.e.AccountQuotaSet(b.ctx, a.ID, store.QuotaOverride{Bytes: &big}))
	r2, err = b.e.ClientAppendEncrypted(b.ctx, client, r.Version.ID, uuid.New(), []byte("12345"), def)
	require.NoError(t, err)
	require.True(t, r2.Appended, "the override lifts the byte limit")

	r3, err := b.e.ClientAppendEncrypted(b.ctx, client, r2.Version.ID, uuid.New(), []byte("1"), def)
	require.NoError(t, err)
	require.False(t, r3.Appended, "a third version is over the default of two")
	require.Equal(t, store.Usage{Bytes: 11, Versions: 2}, b.usage(t, a.ID))
}
