package chain

import (
	"bytes"
	"context"
	"fmt"

	"github.com/taskgate/taskgate/store"
)

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
	if err := p.repair(ctx, v, b.repairable); err != nil {
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

// largest returns the size of the largest segment or task states of the batch's versions.
func (b *Batch) largest() int64 {
	var n int64
	for _, v := range b.versions {
		n = max(n, v.segment.n, v.states.n)
	}
	return n
}
