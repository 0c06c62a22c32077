package storetest

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testChain covers appends and the lock-free chain reads.
func testChain(t *testing.T, setup setupFunc) {
	t.Run("Empty", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
		latest, _, found, err := b.e.VersionChild(b.ctx, a.ID, store.NilVersion)
		require.NoError(t, err)
		require.False(t, found)
		require.Equal(t, store.NilVersion, latest)
		b.requireChainIs(t, a.ID, nil)
	})

	t.Run("AppendAndRead", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
		vs := b.appendN(t, a.ID, 3)
		for i, v := range vs {
			require.Equal(t, int64(i+1), v.Seq)
			require.Equal(t, segment(int64(i+1)), v.Segment)
			got, err := b.e.VersionGet(b.ctx, a.ID, v.ID)
			require.NoError(t, err)
			require.Equal(t, v, got)
		}
		b.requireChainIs(t, a.ID, vs)
		ch, err := b.e.ChainGet(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, store.Chain{AccountID: a.ID, Latest: vs[2].ID, LatestSeq: 3, Usage: store.Usage{Bytes: 27, Versions: 3}}, ch)
	})

	t.Run("VersionChild", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
		vs := b.appendN(t, a.ID, 2)
		tests := []struct {
			name   string
			parent uuid.UUID
			found  bool
			child  store.Version
		}{
			{"NilParent", store.NilVersion, true, vs[0]},
			{"Middle", vs[0].ID, true, vs[1]},
			{"Head", vs[1].ID, false, store.Version{}},
			{"Unknown", uuid.New(), false, store.Version{}},
		}
		for _, tt := range tests {
			latest, child, found, err := b.e.VersionChild(b.ctx, a.ID, tt.parent)
			require.NoError(t, err, tt.name)
			require.Equal(t, vs[1].ID, latest, tt.name)
			require.Equal(t, tt.found, found, tt.name)
			require.Equal(t, tt.child, child, tt.name)
		}
	})

	t.Run("EmptySegment", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
		v, err := b.appendVersion(a.ID, uuid.New(), store.NilVersion, nil)
		require.NoError(t, err)
		got, err := b.e.VersionGet(b.ctx, a.ID, v.ID)
		require.NoError(t, err)
		require.Empty(t, got.Segment)
	})

	t.Run("FirstVersionAcceptsAnyParent", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
		parent := uuid.New()
		v, err := b.appendVersion(a.ID, uuid.New(), parent, segment(1))
		require.NoError(t, err)
		require.Equal(t, store.Version{ID: v.ID, Parent: parent, Seq: 1, Segment: segment(1)}, v)
		latest, child, found, err := b.e.VersionChild(b.ctx, a.ID, parent)
		require.NoError(t, err)
		require.True(t, found)
		require.Equal(t, v, child)
		require.Equal(t, v.ID, latest)
	})

	t.Run("AppendConflicts", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testAppendConflicts(t, b)
	})

	t.Run("SameVersionIDInTwoAccounts", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a1 := b.createAccount(t, "a1", store.ModeEncrypted, uuid.Nil)
		a2 := b.createAccount(t, "a2", store.ModeEncrypted, uuid.Nil)
		id := uuid.New()
		_, err := b.appendVersion(a1.ID, id, store.NilVersion, segment(1))
		require.NoError(t, err)
		_, err = b.appendVersion(a2.ID, id, store.NilVersion, segment(1))
		require.NoError(t, err)
		_, err = b.e.VersionGet(b.ctx, a1.ID, id)
		require.NoError(t, err)
	})

	t.Run("VersionGetOtherAccount", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a1 := b.createAccount(t, "a1", store.ModeEncrypted, uuid.Nil)
		a2 := b.createAccount(t, "a2", store.ModeEncrypted, uuid.Nil)
		vs := b.appendN(t, a1.ID, 1)
		_, err := b.e.VersionGet(b.ctx, a2.ID, vs[0].ID)
		require.ErrorIs(t, err, store.ErrNotFound)
		_, _, found, err := b.e.VersionChild(b.ctx, a2.ID, store.NilVersion)
		require.NoError(t, err)
		require.False(t, found)
	})
}

// testAppendConflicts checks that the store itself refuses a second child, a stale parent and a
// duplicate id with store.ErrConflict and leaves the chain unchanged.
func testAppendConflicts(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
	vs := b.appendN(t, a.ID, 2)
	tests := []struct {
		name   string
		id     uuid.UUID
		parent uuid.UUID
	}{
		{"StaleParent", uuid.New(), vs[0].ID},
		{"NilParentOnNonEmptyChain", uuid.New(), store.NilVersion},
		{"UnknownParent", uuid.New(), uuid.New()},
		{"DuplicateID", vs[0].ID, vs[1].ID},
		{"HeadAsOwnChild", vs[1].ID, vs[1].ID},
	}
	for _, tt := range tests {
		_, err := b.appendVersion(a.ID, tt.id, tt.parent, segment(9))
		require.ErrorIs(t, err, store.ErrConflict, "%s: VersionAppend = %v, want store.ErrConflict", tt.name, err)
	}
	b.requireChainIs(t, a.ID, vs)
	var seen store.Chain
	err := b.e.ChainUpdate(b.ctx, a.ID, func(_ context.Context, tx store.ChainTx) error {
		seen = tx.Chain()
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, vs[1].ID, seen.Latest)
	require.Equal(t, int64(2), seen.LatestSeq)
}
