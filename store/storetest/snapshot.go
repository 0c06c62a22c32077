package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testSnapshot covers the single snapshot per account and its derived VersionsSince.
func testSnapshot(t *testing.T, setup setupFunc) {
	t.Run("None", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
		b.appendN(t, a.ID, 1)
		_, _, err := b.e.SnapshotGet(b.ctx, a.ID)
		require.ErrorIs(t, err, store.ErrNotFound)
		ch, err := b.e.ChainGet(b.ctx, a.ID)
		require.NoError(t, err)
		require.Nil(t, ch.Snapshot)
	})

	t.Run("PutGetReplace", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testSnapshotPutGetReplace(t, b)
	})

	t.Run("UnknownVersion", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
		other := b.createAccount(t, "other", store.ModeEncrypted, uuid.Nil)
		foreign := b.appendN(t, other.ID, 1)[0]
		b.appendN(t, a.ID, 1)
		for _, id := range []uuid.UUID{uuid.New(), store.NilVersion, foreign.ID} {
			err := b.putSnapshot(a.ID, id, time.Now(), []byte("x"))
			require.ErrorIs(t, err, store.ErrNotFound, "SnapshotPut(%s)", id)
		}
		_, _, err := b.e.SnapshotGet(b.ctx, a.ID)
		require.ErrorIs(t, err, store.ErrNotFound)
	})

	t.Run("TxSeesOwnSnapshot", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
		vs := b.appendN(t, a.ID, 3)
		at := time.Unix(1_700_000_000, 0).UTC()
		err := b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
			require.NoError(t, tx.SnapshotPut(ctx, store.SnapshotMeta{VersionID: vs[1].ID, CreatedAt: at}, []byte("s")))
			want := &store.SnapshotMeta{VersionID: vs[1].ID, Seq: 2, CreatedAt: at, VersionsSince: 1}
			require.Equal(t, want, tx.Chain().Snapshot)
			_, err := tx.VersionAppend(ctx, uuid.New(), vs[2].ID, segment(4))
			require.NoError(t, err)
			require.Equal(t, int64(2), tx.Chain().Snapshot.VersionsSince)
			return nil
		})
		require.NoError(t, err)
	})
}

// putSnapshot stores a snapshot of version id in its own ChainUpdate.
func (b *testBundle) putSnapshot(accountID int64, id uuid.UUID, at time.Time, data []byte) error {
	return b.e.ChainUpdate(b.ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		return tx.SnapshotPut(ctx, store.SnapshotMeta{VersionID: id, CreatedAt: at}, data)
	})
}

// requireSnapshot checks SnapshotGet and the snapshot part of ChainGet against want and data.
func (b *testBundle) requireSnapshot(t *testing.T, accountID int64, want store.SnapshotMeta, data []byte) {
	t.Helper()
	meta, got, err := b.e.SnapshotGet(b.ctx, accountID)
	require.NoError(t, err)
	require.Equal(t, want, meta)
	require.Equal(t, data, got)
	ch, err := b.e.ChainGet(b.ctx, accountID)
	require.NoError(t, err)
	require.Equal(t, &want, ch.Snapshot)
}

// testSnapshotPutGetReplace stores a snapshot, lets the chain grow past it, and replaces it.
func testSnapshotPutGetReplace(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
	vs := b.appendN(t, a.ID, 3)
	first := time.Unix(1_700_000_000, 0).UTC()
	require.NoError(t, b.putSnapshot(a.ID, vs[1].ID, first, []byte("snapshot at 2")))
	b.requireSnapshot(t, a.ID, store.SnapshotMeta{VersionID: vs[1].ID, Seq: 2, CreatedAt: first, VersionsSince: 1},
		[]byte("snapshot at 2"))

	vs = append(vs, b.appendN(t, a.ID, 2)...)
	b.requireSnapshot(t, a.ID, store.SnapshotMeta{VersionID: vs[1].ID, Seq: 2, CreatedAt: first, VersionsSince: 3},
		[]byte("snapshot at 2"))

	second := first.Add(time.Hour)
	require.NoError(t, b.putSnapshot(a.ID, vs[4].ID, second, []byte("snapshot at 5")))
	b.requireSnapshot(t, a.ID, store.SnapshotMeta{VersionID: vs[4].ID, Seq: 5, CreatedAt: second, VersionsSince: 0},
		[]byte("snapshot at 5"))
}
