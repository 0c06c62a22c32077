package taskdimport

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion/codec"
)

// sealHistory seals every version of h and the snapshot of the final state at the last one with
// key, ready for the chain core to write (no snapshot without versions).
func sealHistory(key codec.Key, h history) (chain.History, error) {
	var out chain.History
	parent := uuid.Nil
	for i, v := range h.versions {
		seg, err := codec.SealSegment(key, parent, v.ops)
		if err != nil {
			return chain.History{}, fmt.Errorf("sealing version %d: %w", i+1, err)
		}
		out.Versions = append(out.Versions, chain.SealedVersion{ID: v.id, Parent: parent, Segment: seg, Ops: v.ops})
		parent = v.id
	}
	if parent == uuid.Nil {
		return out, nil
	}
	snap, err := codec.SealSnapshot(key, parent, h.tasks)
	if err != nil {
		return chain.History{}, fmt.Errorf("sealing the snapshot: %w", err)
	}
	out.Snapshot = snap
	return out, nil
}
