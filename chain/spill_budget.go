package chain

import (
	"fmt"
	"sync/atomic"
)

// DefaultSpillLimit is the default of Config.SpillLimit: 1 GiB. A 10 MiB taskd upload, the
// largest the taskd listener takes by default, spills about 64 MiB at its worst (its versions in
// TaskChampion's uncompressed form, the states they write and the snapshot; see the spill-x of
// BenchmarkUploadMemory), so some fifteen of them fit at once; a typical large sync, a 2.x client's first with a few thousand tasks, needs
// a few MiB.
const DefaultSpillLimit = 1 << 30

// SpillLimitError refuses a batch that would take the temporary files of every batch of the
// server past Config.SpillLimit. Nothing is written. When other batches hold the space, the
// client may try again once they have ended; when the batch alone needs more than the limit
// (Alone), it never fits.
type SpillLimitError struct {
	// Limit is the most bytes the files may hold at once.
	Limit int64
	// Alone is set when the batch by itself needs more than Limit.
	Alone bool
}

func (e *SpillLimitError) Error() string {
	if e.Alone {
		return fmt.Sprintf("the sync needs more temporary space than the server allows one (the limit is %d bytes); "+
			"ask the server's administrator to raise it", e.Limit)
	}
	return fmt.Sprintf("the server's temporary space for large syncs is full (the limit is %d bytes at once); "+
		"try again in a moment", e.Limit)
}

// Name names the refusal's limit in logs and metrics.
func (e *SpillLimitError) Name() string { return "spill_bytes" }

// spillBudget counts the bytes the spill files of one Core's batches hold, against a limit.
type spillBudget struct {
	limit int64 // 0: no limit
	used  atomic.Int64
}

// take counts n more bytes for a file that already holds own, or refuses them, counting
// nothing, when they would go past the limit. A refused take never counts its bytes even for a
// moment, so that a write too large to fit does not make smaller ones fail meanwhile.
func (b *spillBudget) take(n, own int64) error {
	for {
		used := b.used.Load()
		if b.limit > 0 && used+n > b.limit {
			return &SpillLimitError{Limit: b.limit, Alone: own+n > b.limit}
		}
		if b.used.CompareAndSwap(used, used+n) {
			return nil
		}
	}
}

// release counts n bytes fewer.
func (b *spillBudget) release(n int64) { b.used.Add(-n) }

// SpillUsed returns the bytes the temporary files of the core's batches hold now, together
// (bounded by Config.SpillLimit).
func (c *Core) SpillUsed() int64 { return c.spilled.used.Load() }
