package chain

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// ErrChainNotEmpty refuses an import into an account whose chain has versions.
var ErrChainNotEmpty = errors.New("the account's chain is not empty: a client synced before the history was written")

// SealedVersion is a version sealed outside the core, with the operations it carries.
type SealedVersion struct {
	ID, Parent uuid.UUID
	Segment    []byte
	Ops        []codec.Op
}

// History is a whole history to write into an empty chain.
type History struct {
	// Versions are appended in order, each applied to the task state.
	Versions []SealedVersion
	// UDATypes are the account's UDA types (name to type), stored when not empty.
	UDATypes map[string]string
	// Snapshot, when set, is stored as the snapshot of the last version.
	Snapshot []byte
}

// Import writes h into the empty chain of a plaintext account, in one transaction, so it is
// written whole or not at all. The account's status is not checked: an import keeps the account
// suspended while it writes, so that no client syncs a half-written history.
func (c *Core) Import(ctx context.Context, accountID int64, h History) error {
	return c.update(ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		if tx.Chain().LatestSeq != 0 {
			return ErrChainNotEmpty
		}
		ptx, _, err := tx.Plaintext(ctx)
		if err != nil {
			return err
		}
		return writeHistory(ctx, ptx, h)
	})
}

// writeHistory appends and applies every version, then stores the UDA types and the snapshot.
func writeHistory(ctx context.Context, ptx store.PlaintextTx, h History) error {
	var last store.Version
	for _, v := range h.Versions {
		if err := ApplyOps(ctx, ptx, ptx.Chain().LatestSeq+1, v.Ops, nil); err != nil {
			return fmt.Errorf("applying version %s: %w", v.ID, err)
		}
		var err error
		if last, err = ptx.VersionAppend(ctx, v.ID, v.Parent, v.Segment); err != nil {
			return fmt.Errorf("appending version %s: %w", v.ID, err)
		}
	}
	if len(h.UDATypes) > 0 {
		if err := ptx.UDATypesPut(ctx, h.UDATypes); err != nil {
			return fmt.Errorf("storing UDA types: %w", err)
		}
	}
	if h.Snapshot == nil {
		return nil
	}
	if err := ptx.SnapshotPut(ctx, store.SnapshotMeta{VersionID: last.ID, Seq: last.Seq}, h.Snapshot); err != nil {
		return fmt.Errorf("storing the snapshot: %w", err)
	}
	return nil
}
