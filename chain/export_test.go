package chain

// SpilledBytes returns what the batch's temporary file holds.
func (b *Batch) SpilledBytes() int64 { return b.spill.size }
