package chain

// SpilledBytes returns what the batch's temporary file holds.
func (b *Batch) SpilledBytes() int64 { return b.spill.size }

// SpillUsed returns what the temporary files of the core's batches hold, together.
func (c *Core) SpillUsed() int64 { return c.spilled.used.Load() }
