package chain

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/repair"
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
	// repairable holds the tasks the server's repairs look at after the last version (see
	// working.repairable).
	repairable map[uuid.UUID]*working
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
	return &Batch{p: p, head: ch.Latest, seq: ch.LatestSeq, sealed: p.sealed, spill: spill{dir: p.core.cfg.SpillDir},
		changed: make([]uuid.UUID, 0, tasks), repairable: map[uuid.UUID]*working{}}
}

// Close removes the batch's temporary file.
func (b *Batch) Close() error { return b.spill.close() }

// Versions returns how many versions the batch appends.
func (b *Batch) Versions() int { return len(b.versions) }

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
	for id, t := range out.tasks {
		if t.repairable() {
			b.repairable[id] = t
		}
	}
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
	sealed, err := b.sealSnapshot(ctx)
	if err != nil {
		return fmt.Errorf("sealing the snapshot of account %d: %w", b.p.acct.ID, err)
	}
	b.snapshot, err = b.spill.write(sealed)
	b.hasSnapshot = err == nil
	return err
}

// sealSnapshot seals the snapshot at the batch's last version: the tasks read, with the batch's
// states over them. It is compressed into the spill file as the tasks are read, then read back
// once and sealed in place, so that it is in memory once, compressed.
func (b *Batch) sealSnapshot(ctx context.Context) ([]byte, error) {
	start := b.spill.size
	w := bufio.NewWriterSize(spillWriter{&b.spill}, 64<<10)
	err := codec.CompressSnapshot(w, func(w io.Writer) error {
		return writeSnapshot(w, func(add func(store.TaskState) error) error {
			err := b.p.tx.TasksEach(ctx, func(st store.TaskState) error {
				if b.Changes(st.UUID) {
					return nil
				}
				return add(st)
			})
			if err != nil {
				return err
			}
			return b.eachChanged(add)
		})
	})
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return nil, err
	}
	n := b.spill.size - start
	buf := make([]byte, codec.EnvelopeHeader+n, codec.EnvelopeHeader+n+codec.Overhead)
	if err := b.spill.readInto(buf[codec.EnvelopeHeader:], start); err != nil {
		return nil, err
	}
	return codec.SealInPlace(b.p.key, b.last(), buf)
}

// beforeLast returns the chain read as it will stand before the batch's last version.
func (b *Batch) beforeLast() store.Chain {
	ch := b.p.tx.Chain()
	if ch.Snapshot != nil {
		s := *ch.Snapshot
		s.VersionsSince += int64(len(b.versions) - 1)
		ch.Snapshot = &s
	}
	return ch
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

// largest returns the size of the largest segment or task states of the batch's versions.
func (b *Batch) largest() int64 {
	var n int64
	for _, v := range b.versions {
		n = max(n, v.segment.n, v.states.n)
	}
	return n
}

// states reads back the task states version v changes.
func (b *Batch) states(v batchVersion) ([]store.TaskState, error) {
	raw, err := b.spill.read(v.states)
	if err != nil {
		return nil, err
	}
	return decodeStates(raw)
}

// AppendBatch appends the batch's versions under the lock, reading them back one at a time,
// when the chain head is still the one the batch was prepared on and the account key the one it
// was sealed with; otherwise it is ErrStale and writes nothing. The rules are those of
// AppendOps, decided here under the lock for the batch as a whole: the quota counts every
// version, the server's snapshot is made at the last version when one is due there (the
// prepared one, or one made now when none was), and the server's repairs follow the last
// version. ok is false when the batch appends nothing.
func (p *Plaintext) AppendBatch(ctx context.Context, b *Batch) (ok bool, err error) {
	if p.readOnly {
		return false, errReadOnly
	}
	ch := p.tx.Chain()
	if ch.Latest != b.head || !bytes.Equal(p.sealed, b.sealed) {
		return false, ErrStale
	}
	if len(b.versions) == 0 {
		return false, nil
	}
	if err := p.core.checkQuota(ch, b.bytes, int64(len(b.versions))); err != nil {
		return false, err
	}
	var v store.Version
	due := false
	scratch := make([]byte, b.largest())
	for i, bv := range b.versions {
		if i == len(b.versions)-1 {
			due = p.core.cfg.Snapshots.Urgency(p.tx.Chain(), p.core.now()) != UrgencyNone
		}
		if v, err = p.appendSpilled(ctx, b, bv, scratch); err != nil {
			return false, err
		}
	}
	if due {
		if err := p.putSnapshot(ctx, v, b); err != nil {
			return false, err
		}
	}
	if err := p.repair(ctx, v, outcome{tasks: b.repairable}); err != nil {
		return false, fmt.Errorf("repairing after a version of account %d: %w", p.acct.ID, err)
	}
	return true, nil
}

// appendSpilled appends one version of the batch, read back from its file into scratch (as
// large as the largest of the batch's segments and states; the store keeps nothing of what it
// is given): its task states, then its segment over them, so that one buffer serves every
// version.
func (p *Plaintext) appendSpilled(ctx context.Context, b *Batch, bv batchVersion, scratch []byte) (store.Version, error) {
	raw := scratch[:bv.states.n]
	if err := b.spill.readInto(raw, bv.states.off); err != nil {
		return store.Version{}, err
	}
	states, err := decodeStates(raw)
	if err != nil {
		return store.Version{}, err
	}
	if err := p.tx.TasksPut(ctx, states); err != nil {
		return store.Version{}, err
	}
	segment := scratch[:bv.segment.n]
	if err := b.spill.readInto(segment, bv.segment.off); err != nil {
		return store.Version{}, err
	}
	return p.tx.VersionAppend(ctx, bv.id, bv.parent, segment)
}

// putSnapshot stores the batch's snapshot as the one at v, its last version, which was just
// appended, or makes one now when the batch has none.
func (p *Plaintext) putSnapshot(ctx context.Context, v store.Version, b *Batch) error {
	if !b.hasSnapshot {
		return p.snapshot(ctx, v)
	}
	sealed, err := b.spill.read(b.snapshot)
	if err != nil {
		return err
	}
	return p.tx.SnapshotPut(ctx, store.SnapshotMeta{VersionID: v.ID, Seq: v.Seq, CreatedAt: p.core.now()}, sealed)
}

// repairable reports whether the server's repairs look at the task after the version that
// touched it: it took another annotation's key, or it is a recurrence instance the version
// created.
func (w *working) repairable() bool {
	return len(w.clashes) > 0 || (w.created && !w.Deleted && repair.IsInstance(w.Data))
}

func compareUUID(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }

func byUUID(a, b store.TaskState) int { return compareUUID(a.UUID, b.UUID) }
