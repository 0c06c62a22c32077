package chain

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// ErrStale refuses a prepared version whose chain moved (or whose account key changed) between
// the read it was prepared on and the lock; nothing is written. The caller prepares again, or
// does the work under the lock.
var ErrStale = errors.New("chain: the chain moved since the version was prepared")

// errReadOnly refuses an append through a Plaintext read without the lock.
var errReadOnly = errors.New("chain: a plaintext account read without its chain lock cannot append")

// Reader is what a store offers, beside ChainUpdate, to read an account's chain and task state
// in one consistent read-only transaction without the chain lock (writes through its ChainTx
// fail). Both engines have it; a store without it gets no preparation (see ReadPlaintext).
type Reader interface {
	ChainRead(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error
}

// ReadPlaintext runs fn on a plaintext account read without its chain lock, in one consistent
// read: the expensive, pure part of a write (parsing, merging, sealing, applying) is prepared
// there with Prepare, and only AppendPrepared runs under the lock, so a large write does not
// hold the lock — on SQLite, the single writer — while it computes. ok is false, and fn did not
// run, when the store cannot read without the lock or the core has no master key. Nothing read
// here decides a chain rule: the account's status, mode, quota and head are read again under
// the lock.
func (c *Core) ReadPlaintext(ctx context.Context, accountID int64, fn func(ctx context.Context, p *Plaintext) error) (ok bool, err error) {
	r, can := c.store.(Reader)
	if !can || c.keys == nil {
		return false, nil
	}
	return true, r.ChainRead(ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		ptx, pa, err := tx.Plaintext(ctx)
		if err != nil {
			return err
		}
		p, err := c.plaintext(&readTx{PlaintextTx: ptx}, pa)
		if err != nil {
			return err
		}
		p.readOnly = true
		return fn(ctx, p)
	})
}

// readTx is the PlaintextTx of a read without the lock. Its reads are of one unchanging
// snapshot, so it reads every task once however often it is asked: a large sync needs them
// for the server's snapshot and for its answer.
type readTx struct {
	store.PlaintextTx
	all []store.TaskState
	got bool
}

// TasksAll returns every task state of the account, read once.
func (t *readTx) TasksAll(ctx context.Context) ([]store.TaskState, error) {
	if t.got {
		return t.all, nil
	}
	all, err := t.PlaintextTx.TasksAll(ctx)
	if err == nil {
		t.all, t.got = all, true
	}
	return all, err
}

// Prepared is a version of a plaintext account sealed and applied on a read made without the
// chain lock (see ReadPlaintext), with the snapshot the server makes at it when one was due,
// ready to be appended under the lock by AppendPrepared while the chain stands where it was read.
type Prepared struct {
	head     uuid.UUID // the chain head read
	sealed   []byte    // the account key as stored when read
	id       uuid.UUID
	segment  []byte // nil: the version appends nothing
	out      outcome
	snapshot []byte // the sealed snapshot at id; nil when none was due
}

// Changed returns the task states the prepared version changes, stamped with its chain position.
func (pr *Prepared) Changed() []store.TaskState { return pr.out.changed }

// Prepare seals ops as the version after the head read, applies them to the task state read
// (known holds states the caller read, nil for none) and, when a snapshot is due, seals the one
// the server makes at that version. Without ops the Prepared appends nothing, and AppendPrepared
// only checks that the chain did not move.
func (p *Plaintext) Prepare(ctx context.Context, ops []codec.Op, known *Loaded) (*Prepared, error) {
	ch := p.tx.Chain()
	pr := &Prepared{head: ch.Latest, sealed: p.sealed, id: uuid.New()}
	if len(ops) == 0 {
		return pr, nil
	}
	var err error
	if pr.segment, err = codec.SealSegment(p.key, ch.Latest, ops); err != nil {
		return nil, fmt.Errorf("sealing a version of account %d: %w", p.acct.ID, err)
	}
	if pr.out, err = applied(ctx, p.tx, ch.LatestSeq+1, ops, known); err != nil {
		return nil, fmt.Errorf("applying a version of account %d: %w", p.acct.ID, err)
	}
	if p.core.cfg.Snapshots.Urgency(ch, p.core.now()) != UrgencyNone {
		if pr.snapshot, err = p.snapshotAfter(ctx, pr.id, pr.out.changed); err != nil {
			return nil, err
		}
	}
	return pr, nil
}

// snapshotAfter seals the snapshot at version id: the tasks read, with changed over them.
func (p *Plaintext) snapshotAfter(ctx context.Context, id uuid.UUID, changed []store.TaskState) ([]byte, error) {
	states, err := p.tx.TasksAll(ctx)
	if err != nil {
		return nil, err
	}
	js, err := snapshotJSON(Overlay(states, changed))
	if err != nil {
		return nil, err
	}
	sealed, err := codec.SealSnapshotJSON(p.key, id, js)
	if err != nil {
		return nil, fmt.Errorf("sealing the snapshot of account %d: %w", p.acct.ID, err)
	}
	return sealed, nil
}

// AppendPrepared appends pr under the lock when the chain head is still the one pr was prepared
// on and the account key the one it was sealed with; otherwise it is ErrStale and writes
// nothing. The rules are those of AppendOps, decided here under the lock: the quota, the
// server's snapshot when one is due (the prepared one, or one made now when none was), the
// server's repairs. ok is false when pr appends nothing.
func (p *Plaintext) AppendPrepared(ctx context.Context, pr *Prepared) (v store.Version, ok bool, err error) {
	if p.readOnly {
		return store.Version{}, false, errReadOnly
	}
	ch := p.tx.Chain()
	if ch.Latest != pr.head || !bytes.Equal(p.sealed, pr.sealed) {
		return store.Version{}, false, ErrStale
	}
	if pr.segment == nil {
		return store.Version{}, false, nil
	}
	if err := p.core.checkQuota(ch, int64(len(pr.segment)), 1); err != nil {
		return store.Version{}, false, err
	}
	due := p.core.cfg.Snapshots.Urgency(ch, p.core.now()) != UrgencyNone
	if v, err = p.tx.VersionAppendWithTasks(ctx, pr.id, pr.head, pr.segment, pr.out.changed); err != nil {
		return store.Version{}, false, err
	}
	if due {
		if err := p.putSnapshot(ctx, v, pr.snapshot); err != nil {
			return store.Version{}, false, err
		}
	}
	if err := p.repair(ctx, v, pr.out); err != nil {
		return store.Version{}, false, fmt.Errorf("repairing after a version of account %d: %w", p.acct.ID, err)
	}
	return v, true, nil
}

// putSnapshot stores sealed as the snapshot at v, which was just appended, or makes one now
// when sealed is nil.
func (p *Plaintext) putSnapshot(ctx context.Context, v store.Version, sealed []byte) error {
	if sealed == nil {
		return p.snapshot(ctx, v)
	}
	return p.tx.SnapshotPut(ctx, store.SnapshotMeta{VersionID: v.ID, Seq: v.Seq, CreatedAt: p.core.now()}, sealed)
}

// Overlay returns states without those of the uuids in over, followed by over: the task states
// as read, with the states a later version wrote in place of theirs.
func Overlay(states, over []store.TaskState) []store.TaskState {
	if len(over) == 0 {
		return states
	}
	replaced := make(map[uuid.UUID]bool, len(over))
	for _, st := range over {
		replaced[st.UUID] = true
	}
	out := make([]store.TaskState, 0, len(states)+len(over))
	for _, st := range states {
		if !replaced[st.UUID] {
			out = append(out, st)
		}
	}
	return append(out, over...)
}
