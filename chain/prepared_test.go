package chain_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
)

// prepare prepares a version creating a new task, on a read of the account without the lock.
func prepare(t *testing.T, core *chain.Core, accountID int64) *chain.Prepared {
	t.Helper()
	var pr *chain.Prepared
	ok, err := core.ReadPlaintext(t.Context(), accountID, func(ctx context.Context, p *chain.Plaintext) error {
		var err error
		pr, err = p.Prepare(ctx, []codec.Op{{Kind: codec.OpCreate, UUID: uuid.New()}}, nil)
		return err
	})
	require.True(t, ok, "both engines read without the lock")
	require.NoError(t, err)
	return pr
}

// appendPrepared appends pr under the lock.
func appendPrepared(t *testing.T, core *chain.Core, accountID int64, pr *chain.Prepared) error {
	t.Helper()
	return core.UpdatePlaintext(t.Context(), accountID, func(ctx context.Context, p *chain.Plaintext) error {
		_, _, err := p.AppendPrepared(ctx, pr)
		return err
	})
}

// TestAppendPrepared: a version prepared without the lock is appended, with the server's
// snapshot made at it, while the chain stands where it was read; once another version moved the
// head it is ErrStale, and nothing of it is written.
func TestAppendPrepared(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zap.NewNop())
		core := a.core(t)
		first := prepare(t, core, a.id)
		require.Len(t, first.Changed(), 1)
		require.NoError(t, appendPrepared(t, core, a.id, first))
		snap, _, err := st.SnapshotGet(t.Context(), a.id)
		require.NoError(t, err)
		require.EqualValues(t, 1, snap.Seq, "the prepared snapshot, at the prepared version")

		stale := prepare(t, core, a.id)
		a.mustAdd(snap.VersionID, codec.Op{Kind: codec.OpCreate, UUID: uuid.New()})
		require.ErrorIs(t, appendPrepared(t, core, a.id, stale), chain.ErrStale)
		tasks, err := st.TasksAll(t.Context(), a.id)
		require.NoError(t, err)
		require.Len(t, tasks, 2, "the first prepared task and the other version's")
		fresh := prepare(t, core, a.id)
		require.NoError(t, appendPrepared(t, core, a.id, fresh))
		tasks, err = st.TasksAll(t.Context(), a.id)
		require.NoError(t, err)
		require.Len(t, tasks, 3)
	})
}
