package taskdimport

import (
	"context"
	"errors"
	"fmt"

	"github.com/taskgate/taskgate/bridge/replica"
	"github.com/taskgate/taskgate/store"
)

// errChainNotEmpty means the account received versions before its history was written.
var errChainNotEmpty = errors.New("the account's chain is not empty: a client synced before the history was written")

// writeChain appends the sealed versions to the empty chain of the locked account, applying each
// to the task state, stores the learned UDA types and the snapshot at the last version. It runs
// in the one transaction of tx, so the history is written whole or not at all.
func writeChain(ctx context.Context, tx store.ChainTx, h sealedHistory, udaTypes map[string]string) error {
	if tx.Chain().LatestSeq != 0 {
		return errChainNotEmpty
	}
	var last store.Version
	for _, v := range h.versions {
		if err := replica.ApplyOps(ctx, tx, tx.Chain().LatestSeq+1, v.ops); err != nil {
			return fmt.Errorf("applying version %s: %w", v.id, err)
		}
		var err error
		if last, err = tx.VersionAppend(ctx, v.id, v.parent, v.segment); err != nil {
			return fmt.Errorf("appending version %s: %w", v.id, err)
		}
	}
	if len(udaTypes) > 0 {
		if err := tx.UDATypesPut(ctx, udaTypes); err != nil {
			return fmt.Errorf("storing UDA types: %w", err)
		}
	}
	if h.snapshot == nil {
		return nil
	}
	if err := tx.SnapshotPut(ctx, store.SnapshotMeta{VersionID: last.ID, Seq: last.Seq}, h.snapshot); err != nil {
		return fmt.Errorf("storing the snapshot: %w", err)
	}
	return nil
}
