package storetest

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testFastPath covers the one-statement reads and the one-transaction appends that serve
// get-child-version and add-version for a client id.
func testFastPath(t *testing.T, setup setupFunc) {
	t.Run("ClientVersionChild", func(t *testing.T) {
		t.Parallel()
		testClientVersionChild(t, setup(t))
	})
	t.Run("AppendEncrypted", func(t *testing.T) {
		t.Parallel()
		testAppendEncrypted(t, setup(t))
	})
	t.Run("AppendRefusesWithoutWriting", func(t *testing.T) {
		t.Parallel()
		testAppendRefuses(t, setup(t))
	})
	t.Run("LockedAccount", func(t *testing.T) {
		t.Parallel()
		testLockedAccount(t, setup(t))
	})
	t.Run("AppendRace", func(t *testing.T) {
		t.Parallel()
		testAppendRace(t, setup(t))
	})
}

// testClientVersionChild reads every case get-child-version distinguishes.
func testClientVersionChild(t *testing.T, b *testBundle) {
	client := uuid.New()
	a := b.createAccount(t, "alice", store.ModeEncrypted, client)
	_, err := b.e.ClientVersionChild(b.ctx, uuid.New(), store.NilVersion)
	require.ErrorIs(t, err, store.ErrNotFound, "unknown client")

	r, err := b.e.ClientVersionChild(b.ctx, client, store.NilVersion)
	require.NoError(t, err)
	require.Equal(t, store.ClientChild{Account: a, Latest: store.NilVersion}, r, "empty chain")

	vs := b.appendN(t, a.ID, 2)
	for _, tc := range []struct {
		name   string
		parent uuid.UUID
		child  *store.Version
	}{
		{"FirstFromNil", store.NilVersion, &vs[0]},
		{"Second", vs[0].ID, &vs[1]},
		{"Head", vs[1].ID, nil},
		{"Unknown", uuid.New(), nil},
	} {
		r, err := b.e.ClientVersionChild(b.ctx, client, tc.parent)
		require.NoError(t, err, tc.name)
		require.Equal(t, a, r.Account, tc.name)
		require.Equal(t, vs[1].ID, r.Latest, tc.name)
		require.Equal(t, tc.child != nil, r.Found, tc.name)
		if tc.child != nil {
			require.Equal(t, *tc.child, r.Child, tc.name)
		}
	}

	require.NoError(t, b.e.AccountSetStatus(b.ctx, a.ID, store.StatusSuspended))
	r, err = b.e.ClientVersionChild(b.ctx, client, vs[0].ID)
	require.NoError(t, err)
	require.Equal(t, store.StatusSuspended, r.Account.Status)
}

// testAppendEncrypted appends through the client id and checks what comes back against the
// stored chain, including the chain before each version and its snapshot.
func testAppendEncrypted(t *testing.T, b *testBundle) {
	client := uuid.New()
	a := b.createAccount(t, "alice", store.ModeEncrypted, client)
	_, err := b.e.ClientAppendEncrypted(b.ctx, uuid.New(), store.NilVersion, uuid.New(), []byte("x"), store.Quota{})
	require.ErrorIs(t, err, store.ErrNotFound, "unknown client")

	first, err := b.e.ClientAppendEncrypted(b.ctx, client, store.NilVersion, uuid.New(), []byte("one"), store.Quota{})
	require.NoError(t, err)
	require.True(t, first.Appended)
	require.Equal(t, a, first.Account)
	require.Equal(t, store.Version{ID: first.Version.ID, Parent: store.NilVersion, Seq: 1, Segment: []byte("one")}, first.Version)
	require.Equal(t, store.Chain{AccountID: a.ID, Latest: store.NilVersion}, first.Before)

	require.NoError(t, b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		return tx.SnapshotPut(ctx, store.SnapshotMeta{VersionID: first.Version.ID}, []byte("snap"))
	}))
	second, err := b.e.ClientAppendEncrypted(b.ctx, client, first.Version.ID, uuid.New(), []byte("two"), store.Quota{})
	require.NoError(t, err)
	require.True(t, second.Appended)
	require.Equal(t, int64(2), second.Version.Seq)
	require.Equal(t, first.Version.ID, second.Before.Latest)
	require.Equal(t, int64(1), second.Before.LatestSeq)
	require.NotNil(t, second.Before.Snapshot)
	require.Equal(t, first.Version.ID, second.Before.Snapshot.VersionID)
	require.Equal(t, int64(0), second.Before.Snapshot.VersionsSince, "counted before the new version")

	got := b.walkChain(t, a.ID)
	require.Equal(t, []store.Version{first.Version, second.Version}, got)

	other := uuid.New()
	b.createAccount(t, "bob", store.ModeEncrypted, other)
	anyParent := uuid.New() // the nil rule: an empty chain accepts any parent
	r, err := b.e.ClientAppendEncrypted(b.ctx, other, anyParent, uuid.New(), []byte("x"), store.Quota{})
	require.NoError(t, err)
	require.True(t, r.Appended, "nil rule")
	require.Equal(t, anyParent, r.Version.Parent)
	require.Equal(t, store.NilVersion, r.Before.Latest)
}

// testAppendRefuses checks every case the hot path leaves to the general one: it reports the
// account and writes nothing.
func testAppendRefuses(t *testing.T, b *testBundle) {
	enc, plain, susp := uuid.New(), uuid.New(), uuid.New()
	a := b.createAccount(t, "enc", store.ModeEncrypted, enc)
	p := b.createAccount(t, "plain", store.ModePlaintext, plain)
	s := b.createAccount(t, "susp", store.ModeEncrypted, susp)
	require.NoError(t, b.e.AccountSetStatus(b.ctx, s.ID, store.StatusSuspended))
	head := b.appendN(t, a.ID, 1)[0]

	for _, tc := range []struct {
		name      string
		client    uuid.UUID
		parent    uuid.UUID
		accountID int64
	}{
		{"ParentNotHead", enc, uuid.New(), a.ID},
		{"NilParentOnNonEmptyChain", enc, store.NilVersion, a.ID},
		{"Plaintext", plain, store.NilVersion, p.ID},
		{"Suspended", susp, store.NilVersion, s.ID},
	} {
		before, err := b.e.ChainGet(b.ctx, tc.accountID)
		require.NoError(t, err, tc.name)
		r, err := b.e.ClientAppendEncrypted(b.ctx, tc.client, tc.parent, uuid.New(), []byte("x"), store.Quota{})
		require.NoError(t, err, tc.name)
		require.False(t, r.Appended, tc.name)
		require.Equal(t, tc.accountID, r.Account.ID, tc.name)
		after, err := b.e.ChainGet(b.ctx, tc.accountID)
		require.NoError(t, err, tc.name)
		require.Equal(t, before, after, tc.name)
	}
	require.Equal(t, []store.Version{head}, b.walkChain(t, a.ID))
}

// testAppendRace lets raceWriters goroutines append through one client id, each always after the
// head it last saw. One linear chain must result, and a writer whose parent was taken is told so
// (Appended false) rather than failing.
func testAppendRace(t *testing.T, b *testBundle) {
	client := uuid.New()
	a := b.createAccount(t, "alice", store.ModeEncrypted, client)
	var appended atomic.Int64
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for range raceWriters {
		wg.Go(func() {
			for range raceAttempts {
				r, err := b.e.ClientVersionChild(b.ctx, client, store.NilVersion)
				if err == nil {
					var res store.ClientAppend
					res, err = b.e.ClientAppendEncrypted(b.ctx, client, r.Latest, uuid.New(), []byte("x"), store.Quota{})
					if res.Appended {
						appended.Add(1)
					}
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	require.Empty(t, errs)
	chain := b.walkChain(t, a.ID)
	require.Len(t, chain, int(appended.Load()))
	require.Positive(t, appended.Load())
}

// testLockedAccount checks that ChainTx.Account reads the account as it stands inside the
// transaction: a status set before it and a conversion made in it.
func testLockedAccount(t *testing.T, b *testBundle) {
	client := uuid.New()
	a := b.createAccount(t, "alice", store.ModeEncrypted, client)
	require.NoError(t, b.e.AccountSetStatus(b.ctx, a.ID, store.StatusSuspended))
	require.NoError(t, b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		got, err := tx.Account(ctx)
		require.NoError(t, err)
		require.Equal(t, store.StatusSuspended, got.Status)
		require.Equal(t, store.ModeEncrypted, got.Mode)
		_, err = tx.AccountMakePlaintext(ctx, testKey(client))
		require.NoError(t, err)
		got, err = tx.Account(ctx)
		require.NoError(t, err)
		require.Equal(t, store.ModePlaintext, got.Mode)
		return nil
	}))
}
