package chain

import "github.com/google/uuid"

// SpilledBytes returns what the batch's temporary file holds.
func (b *Batch) SpilledBytes() int64 { return b.spill.size }

// Versions returns how many versions the batch appends.
func (b *Batch) Versions() int { return len(b.versions) }

// Last returns the id of the batch's last version.
func (b *Batch) Last() uuid.UUID { return b.last() }

// HasSnapshot reports whether Finish sealed a snapshot for the batch.
func (b *Batch) HasSnapshot() bool { return b.hasSnapshot }

// SpilledVersions returns the bytes the batch's versions take in its temporary file: their
// segments and the task states they change.
func (b *Batch) SpilledVersions() int64 {
	var n int64
	for _, v := range b.versions {
		n += v.segment.n + v.states.n
	}
	return n
}
