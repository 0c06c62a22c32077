package chain

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// Plaintext is a plaintext account locked for a write: its chain transaction, the account as
// read under the lock and its opened key. Only this package makes one, from an account whose
// mode is plaintext, so holding one proves it.
type Plaintext struct {
	tx   store.PlaintextTx
	acct store.Account
	key  codec.Key
	core *Core
	// repaired holds the states of the tasks the server's repairs changed, by uuid.
	repaired map[uuid.UUID]store.TaskState
	// onRepaired, when set, is given those states in place of repaired (see OnRepaired).
	onRepaired func(store.TaskState) error
	// sealed is the account's key as stored, sealed under the master key: a version prepared
	// with one key is not appended after the key changed.
	sealed []byte
	// readOnly marks a Plaintext read without the lock (see ReadPlaintext): it prepares
	// versions and never appends.
	readOnly bool
}

// Tx returns the transaction's plaintext operations, to read the task state.
func (p *Plaintext) Tx() store.PlaintextTx { return p.tx }

// Account returns the account as read under the lock.
func (p *Plaintext) Account() store.Account { return p.acct }

// UpdatePlaintext runs fn under the account's chain lock when the account is an active
// plaintext one. The account is read under the lock: an account suspended while this waited
// is an *InactiveError, an encrypted one store.ErrNotPlaintext, and without a master key
// ErrNoMasterKey. fn must use only the Plaintext it is given.
func (c *Core) UpdatePlaintext(ctx context.Context, accountID int64, fn func(ctx context.Context, p *Plaintext) error) error {
	if c.keys == nil {
		return ErrNoMasterKey
	}
	return c.update(ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		ptx, pa, err := tx.Plaintext(ctx)
		if err != nil {
			return err
		}
		if err := active(pa.Account); err != nil {
			return err
		}
		p, err := c.plaintext(ptx, pa)
		if err != nil {
			return err
		}
		return fn(ctx, p)
	})
}

// plaintext opens the account's key.
func (c *Core) plaintext(ptx store.PlaintextTx, pa store.PlaintextAccount) (*Plaintext, error) {
	if c.keys == nil {
		return nil, ErrNoMasterKey
	}
	key, err := c.keys.open(pa)
	if err != nil {
		return nil, err
	}
	return &Plaintext{tx: ptx, acct: pa.Account, key: key, core: c, sealed: pa.Key.SealedKey}, nil
}

// AppendOps seals ops as one new version after the head, applies them to the task state and
// appends the version; when a snapshot is due, the server makes it. known holds task states
// the caller has read in this transaction (nil for none). No ops, no version: ok is false.
func (p *Plaintext) AppendOps(ctx context.Context, ops []codec.Op, known *Loaded) (v store.Version, ok bool, err error) {
	if len(ops) == 0 {
		return store.Version{}, false, nil
	}
	if p.readOnly {
		return store.Version{}, false, errReadOnly
	}
	ch := p.tx.Chain()
	sealed, err := codec.SealSegment(p.key, ch.Latest, ops)
	if err != nil {
		return store.Version{}, false, fmt.Errorf("sealing a version of account %d: %w", p.acct.ID, err)
	}
	v, err = p.append(ctx, uuid.New(), ch.Latest, sealed, ops, known)
	return v, err == nil, err
}

// append applies a version's opened ops to the task state and appends the version (making the
// server's snapshot when one is due), then the server's repairs of what it did as a version of
// the server's own, which is not repaired again. A version over the account's quota is a
// *QuotaError before anything is written; the server's own snapshots and repairs are counted but
// never refused.
func (p *Plaintext) append(ctx context.Context, id, parent uuid.UUID, segment []byte, ops []codec.Op, known *Loaded) (store.Version, error) {
	if err := p.core.checkQuota(p.tx.Chain(), int64(len(segment)), 1); err != nil {
		return store.Version{}, err
	}
	v, out, err := p.appendOnly(ctx, id, parent, segment, ops, known)
	if err != nil {
		return store.Version{}, err
	}
	r := newRepairable()
	r.add(out.tasks)
	if err := p.repair(ctx, v, r); err != nil {
		return store.Version{}, fmt.Errorf("repairing after a version of account %d: %w", p.acct.ID, err)
	}
	return v, nil
}

// appendOnly applies and appends one version, and makes the server's snapshot when one is due.
func (p *Plaintext) appendOnly(ctx context.Context, id, parent uuid.UUID, segment []byte, ops []codec.Op,
	known *Loaded) (store.Version, outcome, error) {
	ch := p.tx.Chain()
	due := p.core.cfg.Snapshots.Urgency(ch, p.core.now()) != UrgencyNone
	out, err := applied(ctx, p.tx, ch.LatestSeq+1, ops, known)
	if err != nil {
		return store.Version{}, outcome{}, fmt.Errorf("applying a version of account %d: %w", p.acct.ID, err)
	}
	v, err := p.tx.VersionAppendWithTasks(ctx, id, parent, segment, out.changed)
	if err != nil || !due {
		return v, out, err
	}
	return v, out, p.snapshot(ctx, v)
}

// snapshot seals the account's current tasks as a snapshot at v, which was just appended, so a
// new device can start from it even when no client ever uploads one. The tasks are read one at
// a time into the compressor: the account is never held whole.
func (p *Plaintext) snapshot(ctx context.Context, v store.Version) error {
	sealed, err := p.sealSnapshot(v.ID, func(add func(store.TaskState) error) error {
		return p.tx.TasksEach(ctx, add)
	})
	if err != nil {
		return err
	}
	return p.tx.SnapshotPut(ctx, store.SnapshotMeta{VersionID: v.ID, Seq: v.Seq, CreatedAt: p.core.now()}, sealed)
}

// sealSnapshot seals the snapshot at version id of the task states each gives, one at a time,
// to add: it writes them straight into the compressor.
func (p *Plaintext) sealSnapshot(id uuid.UUID, each func(add func(store.TaskState) error) error) ([]byte, error) {
	sealed, err := codec.SealSnapshotStream(p.key, id, func(w io.Writer) error { return writeSnapshot(w, each) })
	if err != nil {
		return nil, fmt.Errorf("sealing the snapshot of account %d: %w", p.acct.ID, err)
	}
	return sealed, nil
}

// openVersion opens a version a client sealed for this account, or explains why it cannot be
// read: one misconfigured device cannot poison the account.
func (p *Plaintext) openVersion(parent uuid.UUID, segment []byte) ([]codec.Op, error) {
	ops, err := codec.OpenSegment(p.key, parent, segment)
	if err == nil {
		return ops, nil
	}
	if errors.Is(err, codec.ErrAuthFailed) || errors.Is(err, codec.ErrTooSmall) || errors.Is(err, codec.ErrUnknownVersion) {
		return nil, &RefusedError{Err: err, Reason: "it is not sealed with this account's key; check that " +
			"sync.encryption_secret and sync.server.client_id match the settings taskgate printed for this account"}
	}
	return nil, &RefusedError{Err: err, Reason: fmt.Sprintf("it opens with this account's key but is not a valid history segment: %v", err)}
}
