package chain

import (
	"fmt"
	"sync/atomic"
)

// DefaultSpillLimit is the default of Config.SpillLimit: 1 GiB. A 10 MiB taskd upload, the
// largest the taskd listener takes by default, spills about 50 MiB at its worst (its versions in
// TaskChampion's uncompressed form, the states they write and the snapshot), so some twenty of
// them fit at once; a typical large sync, a 2.x client's first with a few thousand tasks, needs
// a few MiB.
const DefaultSpillLimit = 1 << 30

// SpillLimitError refuses a batch that would take the temporary files of every batch of the
// server past Config.SpillLimit. Nothing is written; the client may try again once the syncs
// holding the space have ended.
type SpillLimitError struct {
	// Limit is the most bytes the files may hold at once.
	Limit int64
}

func (e *SpillLimitError) Error() string {
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

// take counts n more bytes, or refuses them, counting nothing, when they would go past the limit.
func (b *spillBudget) take(n int64) error {
	if b == nil {
		return nil
	}
	if used := b.used.Add(n); b.limit > 0 && used > b.limit {
		b.used.Add(-n)
		return &SpillLimitError{Limit: b.limit}
	}
	return nil
}

// release counts n bytes fewer.
func (b *spillBudget) release(n int64) {
	if b != nil {
		b.used.Add(-n)
	}
}
