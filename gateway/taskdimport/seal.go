package taskdimport

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
)

// sealedVersion is a planned version sealed after its parent.
type sealedVersion struct {
	plannedVersion
	parent  uuid.UUID
	segment []byte
}

// sealedHistory is a history ready to be written: its versions in chain order and the snapshot
// of the final state at the last one (nil without versions).
type sealedHistory struct {
	versions []sealedVersion
	snapshot []byte
}

// sealHistory seals every version of h and the snapshot with key.
func sealHistory(key codec.Key, h history) (sealedHistory, error) {
	var out sealedHistory
	parent := uuid.Nil
	for i, v := range h.versions {
		seg, err := codec.SealSegment(key, parent, v.ops)
		if err != nil {
			return sealedHistory{}, fmt.Errorf("sealing version %d: %w", i+1, err)
		}
		out.versions = append(out.versions, sealedVersion{plannedVersion: v, parent: parent, segment: seg})
		parent = v.id
	}
	if parent == uuid.Nil {
		return out, nil
	}
	snap, err := codec.SealSnapshot(key, parent, h.tasks)
	if err != nil {
		return sealedHistory{}, fmt.Errorf("sealing the snapshot: %w", err)
	}
	out.snapshot = snap
	return out, nil
}
