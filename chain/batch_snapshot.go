package chain

import (
	"bufio"
	"context"
	"io"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// sealSnapshot seals the snapshot at the batch's last version: the tasks read, with the batch's
// states over them, and returns where it is spilled. It is compressed into the spill file as the
// tasks are read, then read back once, sealed in place, so that it is in memory once,
// compressed, and written back over the compressed copy, so that the file holds it once.
func (b *Batch) sealSnapshot(ctx context.Context) (span, error) {
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
		return span{}, err
	}
	n := b.spill.size - start
	buf := make([]byte, codec.EnvelopeHeader+n, codec.EnvelopeHeader+n+codec.Overhead)
	if err := b.spill.readInto(buf[codec.EnvelopeHeader:], start); err != nil {
		return span{}, err
	}
	sealed, err := codec.SealInPlace(b.p.key, b.last(), buf)
	if err != nil {
		return span{}, err
	}
	return b.spill.writeAt(start, sealed)
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
