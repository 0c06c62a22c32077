package chain

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// Batch is a write of a plaintext account split into versions chained parent to child after
// the head, prepared on a read made without the chain lock (see ReadPlaintext) and appended
// whole, in one transaction, by AppendBatch while the chain stands where it was read. Each
// version is sealed and applied as it is added, then kept with the task states it changes in a
// temporary file (Config.SpillDir), so that a large write holds one version in memory at a time.
// The versions must change disjoint sets of tasks: each is applied to the state read. Add and
// Finish run inside the ReadPlaintext callback; Close releases the file, whatever happened.
type Batch struct {
	p      *Plaintext // the account read without the lock
	head   uuid.UUID  // the chain head read, and its position
	seq    int64
	sealed []byte // the account key as stored when read
	spill  spill
	// versions are the prepared versions in chain order; bytes is the size of their segments.
	versions []batchVersion
	bytes    int64
	// changed holds the uuid of every task the versions change, sorted by Finish.
	changed []uuid.UUID
	// repairable is what the server's repairs look at after the last version.
	repairable *repairable
	// snapshot is where the sealed snapshot at the last version is spilled; hasSnapshot is
	// false when none was due.
	snapshot    span
	hasSnapshot bool
}

// batchVersion is one prepared version: where its segment and changed states are spilled.
type batchVersion struct {
	id, parent      uuid.UUID
	segment, states span
}

// NewBatch starts a batch on a Plaintext read without the lock; tasks is about how many tasks
// it will change (an upper bound saves growing its index of them).
func (p *Plaintext) NewBatch(tasks int) *Batch {
	ch := p.tx.Chain()
	return &Batch{p: p, head: ch.Latest, seq: ch.LatestSeq, sealed: p.sealed, spill: spill{dir: p.core.cfg.SpillDir, budget: &p.core.spilled},
		changed: make([]uuid.UUID, 0, tasks), repairable: newRepairable()}
}

// Close removes the batch's temporary file.
func (b *Batch) Close() error { return b.spill.close() }

// last returns the id of the batch's last version, the head read while it has none.
func (b *Batch) last() uuid.UUID {
	if len(b.versions) == 0 {
		return b.head
	}
	return b.versions[len(b.versions)-1].id
}

// Add seals ops as the next version of the batch and applies them to the task state read (known
// holds states the caller read, nil for none). It returns the task states the version changes,
// stamped with its chain position, by uuid; they are spilled, and the caller need not keep them.
// No ops, no version.
func (b *Batch) Add(ctx context.Context, ops []codec.Op, known *Loaded) ([]store.TaskState, error) {
	if len(ops) == 0 {
		return nil, nil
	}
	v := batchVersion{id: uuid.New(), parent: b.last()}
	segment, err := codec.SealSegment(b.p.key, v.parent, ops)
	if err != nil {
		return nil, fmt.Errorf("sealing a version of account %d: %w", b.p.acct.ID, err)
	}
	if v.segment, err = b.spill.write(segment); err != nil {
		return nil, err
	}
	out, err := applied(ctx, b.p.tx, b.seq+int64(len(b.versions))+1, ops, known)
	if err != nil {
		return nil, fmt.Errorf("applying a version of account %d: %w", b.p.acct.ID, err)
	}
	slices.SortFunc(out.changed, byUUID)
	if v.states, err = b.spill.writeStates(out.changed); err != nil {
		return nil, err
	}
	b.versions, b.bytes = append(b.versions, v), b.bytes+v.segment.n
	for _, st := range out.changed {
		b.changed = append(b.changed, st.UUID)
	}
	b.repairable.add(out.tasks)
	return out.changed, nil
}

// Finish ends the batch: when a snapshot will be due at its last version, it seals the one the
// server makes there, streaming the tasks read with the batch's states over them.
func (b *Batch) Finish(ctx context.Context) error {
	slices.SortFunc(b.changed, compareUUID)
	for i := 1; i < len(b.changed); i++ {
		if b.changed[i] == b.changed[i-1] {
			return fmt.Errorf("chain: a batch of account %d changes task %s in two versions", b.p.acct.ID, b.changed[i])
		}
	}
	if len(b.versions) == 0 || b.p.core.cfg.Snapshots.Urgency(b.beforeLast(), b.p.core.now()) == UrgencyNone {
		return nil
	}
	snapshot, err := b.sealSnapshot(ctx)
	if err != nil {
		return fmt.Errorf("sealing the snapshot of account %d: %w", b.p.acct.ID, err)
	}
	b.snapshot, b.hasSnapshot = snapshot, true
	return nil
}

// Changes reports whether a version of the batch changes task id (after Finish).
func (b *Batch) Changes(id uuid.UUID) bool {
	_, found := slices.BinarySearchFunc(b.changed, id, compareUUID)
	return found
}

// eachChanged calls fn with the task states the batch's versions change, version by version,
// by uuid within a version, reading one version's states back at a time.
func (b *Batch) eachChanged(fn func(store.TaskState) error) error {
	for _, v := range b.versions {
		states, err := b.states(v)
		if err != nil {
			return err
		}
		for _, st := range states {
			if err := fn(st); err != nil {
				return err
			}
		}
	}
	return nil
}

// states reads back the task states version v changes.
func (b *Batch) states(v batchVersion) ([]store.TaskState, error) {
	raw, err := b.spill.read(v.states)
	if err != nil {
		return nil, err
	}
	return decodeStates(raw)
}

func compareUUID(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }

func byUUID(a, b store.TaskState) int { return compareUUID(a.UUID, b.UUID) }
