package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// createAccount creates an account and fails the test on error. A plaintext account gets the
// key testKey(clientID), so it needs a client id.
func (b *testBundle) createAccount(t *testing.T, name string, mode store.Mode, clientID uuid.UUID) store.Account {
	t.Helper()
	p := store.AccountCreateParams{Name: name, Mode: mode, ClientID: clientID}
	if mode == store.ModePlaintext {
		k := testKey(clientID)
		p.Key = &k
	}
	a, err := b.e.AccountCreate(b.ctx, p)
	require.NoError(t, err, "AccountCreate(%q)", name)
	return a
}

// testKey is a recognisable key for a plaintext account whose client is clientID.
func testKey(clientID uuid.UUID) store.AccountKey {
	return store.AccountKey{
		ClientID:     clientID,
		SealedKey:    fmt.Appendf(nil, "sealed key of %s", clientID),
		SealedSecret: fmt.Appendf(nil, "sealed secret of %s", clientID),
	}
}

// appendVersion appends one version after parent in its own ChainUpdate.
func (b *testBundle) appendVersion(accountID int64, id, parent uuid.UUID, segment []byte) (store.Version, error) {
	var v store.Version
	err := b.e.ChainUpdate(b.ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		var err error
		v, err = tx.VersionAppend(ctx, id, parent, segment)
		return err
	})
	return v, err
}

// appendN appends n versions after the current head and returns them in chain order.
func (b *testBundle) appendN(t *testing.T, accountID int64, n int) []store.Version {
	t.Helper()
	ch, err := b.e.ChainGet(b.ctx, accountID)
	require.NoError(t, err)
	parent := ch.Latest
	out := make([]store.Version, 0, n)
	for i := range n {
		v, err := b.appendVersion(accountID, uuid.New(), parent, segment(ch.LatestSeq+int64(i)+1))
		require.NoError(t, err, "append version %d", i+1)
		out = append(out, v)
		parent = v.ID
	}
	return out
}

// segment is a recognisable history segment for the version at seq.
func segment(seq int64) []byte { return fmt.Appendf(nil, "segment %d", seq) }

// requireChainIs walks the chain from the nil version with VersionChild and checks that it is
// exactly want, linked and numbered 1..n, and that the head is the last of want.
func (b *testBundle) requireChainIs(t *testing.T, accountID int64, want []store.Version) {
	t.Helper()
	got := b.walkChain(t, accountID)
	require.Len(t, got, len(want))
	for i := range want {
		require.Equal(t, want[i].ID, got[i].ID, "version %d", i+1)
		require.Equal(t, want[i].Segment, got[i].Segment, "segment of version %d", i+1)
	}
}

// walkChain follows VersionChild from the nil version to the head and checks the links: seq
// 1..n contiguous, each parent the previous id, the head the last version.
func (b *testBundle) walkChain(t *testing.T, accountID int64) []store.Version {
	t.Helper()
	ch, err := b.e.ChainGet(b.ctx, accountID)
	require.NoError(t, err)
	var out []store.Version
	parent := store.NilVersion
	for {
		latest, v, found, err := b.e.VersionChild(b.ctx, accountID, parent)
		require.NoError(t, err)
		require.Equal(t, ch.Latest, latest, "VersionChild latest")
		if !found {
			break
		}
		require.Equal(t, int64(len(out)+1), v.Seq, "seq of %s", v.ID)
		require.Equal(t, parent, v.Parent, "parent of %s", v.ID)
		out = append(out, v)
		parent = v.ID
	}
	require.Equal(t, parent, ch.Latest, "walk ends at the head")
	require.Equal(t, int64(len(out)), ch.LatestSeq, "head seq")
	return out
}

// plaintextTx returns the plaintext operations of tx, whose account must be plaintext.
func plaintextTx(tb testing.TB, ctx context.Context, tx store.ChainTx) store.PlaintextTx {
	tb.Helper()
	p, _, err := tx.Plaintext(ctx)
	require.NoError(tb, err)
	return p
}

// schemaOnly returns tx's plaintext operations without the check of ChainTx.Plaintext, so a test
// can show that the schema itself refuses task rows of an encrypted account. Only tests reach
// the operations this way; both engines' transactions implement store.PlaintextTx.
func schemaOnly(tb testing.TB, ctx context.Context, tx store.ChainTx) store.PlaintextTx {
	tb.Helper()
	_, pa, err := tx.Plaintext(ctx)
	require.ErrorIs(tb, err, store.ErrNotPlaintext)
	require.Equal(tb, store.ModeEncrypted, pa.Mode)
	require.Empty(tb, pa.Key.SealedKey)
	return tx.(store.PlaintextTx)
}
