package accounts

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// openedVersion is one version of the chain with its operations, opened with the owner's secret.
type openedVersion struct {
	seq int64
	ops []codec.Op
}

// Convert turns an encrypted account into a plaintext one, given the encryption secret its
// devices use. The account must have exactly one client id, and a master key must be loaded.
// Every version of the chain must open with the secret, otherwise nothing changes; the key is
// then stored and the task state rebuilt from the chain in one transaction, which is refused
// when a client synced meanwhile. Devices keep their settings: the chain and its snapshot stay
// exactly as the clients sealed them.
func (m *Manager) Convert(ctx context.Context, name string, secret []byte) (err error) {
	defer func() { err = m.audit(ctx, ActionConvert, name, "to plaintext", err) }()
	a, clientID, err := m.convertible(ctx, name, secret)
	if err != nil {
		return err
	}
	ch, err := m.st.ChainGet(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("reading the chain of account %q: %w", name, err)
	}
	versions, err := m.openChain(ctx, a, ch, codec.DeriveKey(secret, clientID))
	if err != nil {
		return err
	}
	key, err := chain.SealAccountKey(m.master, clientID, secret)
	if err != nil {
		return fmt.Errorf("sealing the key of account %q: %w", name, err)
	}
	return m.st.ChainUpdate(ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		return rebuild(ctx, tx, a.Name, ch.Latest, key, versions)
	})
}

// convertible returns the account and its only client id when the account may be converted.
func (m *Manager) convertible(ctx context.Context, name string, secret []byte) (store.Account, uuid.UUID, error) {
	a, err := m.account(ctx, name)
	if err != nil {
		return store.Account{}, uuid.Nil, err
	}
	if a.Mode != store.ModeEncrypted {
		return store.Account{}, uuid.Nil, refuse(ErrNotConvertible, "account %q is already %s", name, a.Mode)
	}
	ids, err := m.clients(ctx, a)
	if err != nil {
		return store.Account{}, uuid.Nil, err
	}
	if len(ids) != 1 {
		return store.Account{}, uuid.Nil, refuse(ErrNotConvertible, "account %q has %d client ids; only an account "+
			"with exactly one can be converted, since its key is derived from the secret and that client id", name, len(ids))
	}
	if err := m.requireMasterKey(); err != nil {
		return store.Account{}, uuid.Nil, err
	}
	if len(secret) == 0 {
		return store.Account{}, uuid.Nil, refuse(ErrWrongSecret, "the encryption secret is empty")
	}
	return a, ids[0], nil
}

// openChain walks the chain from its head back to its first version and opens every version
// with key. It returns the versions oldest first, or an error naming the oldest version that
// does not open.
func (m *Manager) openChain(ctx context.Context, a store.Account, ch store.Chain, key codec.Key) ([]openedVersion, error) {
	out := make([]openedVersion, ch.LatestSeq)
	var failed []store.Version
	var firstErr error
	id := ch.Latest
	for seq := ch.LatestSeq; seq >= 1; seq-- {
		v, err := m.version(ctx, a, id, seq)
		if err != nil {
			return nil, err
		}
		ops, err := codec.OpenSegment(key, v.Parent, v.Segment)
		if err != nil {
			failed, firstErr = append(failed, v), err
		}
		out[seq-1] = openedVersion{seq: seq, ops: ops}
		id = v.Parent
	}
	if len(failed) > 0 {
		return nil, openErr(a.Name, failed[len(failed)-1], firstErr, len(failed)-1)
	}
	return out, nil
}

// version reads the version id, which must be at position seq of the chain.
func (m *Manager) version(ctx context.Context, a store.Account, id uuid.UUID, seq int64) (store.Version, error) {
	v, err := m.st.VersionGet(ctx, a.ID, id)
	if err != nil {
		return store.Version{}, fmt.Errorf("reading version %d (%s) of account %q: %w", seq, id, a.Name, err)
	}
	if v.Seq != seq {
		return store.Version{}, fmt.Errorf("version %s of account %q is at position %d, expected %d", id, a.Name, v.Seq, seq)
	}
	return v, nil
}

// openErr explains why version v, the oldest of those that failed, did not open with the
// secret; more is the number of later versions that failed too.
func openErr(name string, v store.Version, err error, more int) error {
	also := ""
	switch {
	case more == 1:
		also = " (nor does 1 later version)"
	case more > 1:
		also = fmt.Sprintf(" (nor do %d later versions)", more)
	}
	if errors.Is(err, codec.ErrInvalidSegment) {
		return refuse(ErrNotConvertible, "version %d (%s) of account %q opens with this secret but is not a valid "+
			"history segment (%v)%s; nothing was changed", v.Seq, v.ID, name, err, also)
	}
	return refuse(ErrWrongSecret, "version %d (%s) of account %q does not open with this secret%s: the secret is not "+
		"the sync.encryption_secret its devices use; nothing was changed", v.Seq, v.ID, name, also)
}

// rebuild stores the key and rebuilds the task state from the opened versions, in the
// transaction of tx, unless the chain moved past latest since it was read.
func rebuild(ctx context.Context, tx store.ChainTx, name string, latest uuid.UUID, key store.AccountKey, versions []openedVersion) error {
	if tx.Chain().Latest != latest {
		return refuse(ErrChainMoved, "a client synced account %q during the conversion; run it again", name)
	}
	ptx, err := tx.AccountMakePlaintext(ctx, key)
	if err != nil {
		return fmt.Errorf("making account %q plaintext: %w", name, err)
	}
	for _, v := range versions {
		if err := chain.ApplyOps(ctx, ptx, v.seq, v.ops, nil); err != nil {
			return fmt.Errorf("applying version %d of account %q: %w", v.seq, name, err)
		}
	}
	return nil
}
