package chain

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/repair"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// Repaired returns the states of the tasks the server's repairs changed in this transaction
// (see package repair), by uuid: a 2.x client whose upload caused them must be sent them. It is
// empty when OnRepaired was set.
func (p *Plaintext) Repaired() map[uuid.UUID]store.TaskState { return p.repaired }

// OnRepaired makes the server's repairs in this transaction give each task state they change to
// fn, version by version, instead of keeping them for Repaired, so that the repairs of a large
// write are not held: a task two of its versions repair is given twice, the later state last.
func (p *Plaintext) OnRepaired(fn func(store.TaskState) error) { p.onRepaired = fn }

// repair appends, after version v, versions of the server's own with the repairs of what v did
// (see repairable): annotations that took another's key are both kept, and duplicate instances
// of a recurring task that v created are merged into one. The duplicates are repaired about
// repairChunk tasks to a version, in the order of their occurrences; nothing is appended when
// there is nothing to repair.
func (p *Plaintext) repair(ctx context.Context, v store.Version, r *repairable) error {
	now := p.core.now().UTC()
	ops := annotationRepairs(r.clashed, now)
	chunks, err := p.duplicateChunks(ctx, r)
	if err != nil {
		return err
	}
	if len(chunks) == 0 {
		_, err := p.appendRepair(ctx, v.ID, ops)
		return err
	}
	parent := v.ID
	for _, chunk := range chunks {
		dups, err := p.recurrenceRepairs(ctx, chunk, r.instances, now)
		if err != nil {
			return err
		}
		if parent, err = p.appendRepair(ctx, parent, append(ops, dups...)); err != nil {
			return err
		}
		ops = nil
	}
	return nil
}

// appendRepair appends ops, when there are any, as a version of the server's own after parent,
// and returns the new head.
func (p *Plaintext) appendRepair(ctx context.Context, parent uuid.UUID, ops []codec.Op) (uuid.UUID, error) {
	if len(ops) == 0 {
		return parent, nil
	}
	sealed, err := codec.SealSegment(p.key, parent, ops)
	if err != nil {
		return parent, fmt.Errorf("sealing a repair of account %d: %w", p.acct.ID, err)
	}
	v, fixed, err := p.appendOnly(ctx, uuid.New(), parent, sealed, ops, nil)
	if err != nil {
		return parent, err
	}
	for _, st := range fixed.changed {
		if p.onRepaired != nil {
			if err := p.onRepaired(st); err != nil {
				return parent, err
			}
			continue
		}
		if p.repaired == nil {
			p.repaired = map[uuid.UUID]store.TaskState{}
		}
		p.repaired[st.UUID] = st
	}
	return v.ID, nil
}

// repairable is what the server's repairs look at after a version (or a batch's versions): the
// tasks that took another annotation's key, as the version left them, and the recurrence
// instances it created, by uuid with their parent. An instance costs its uuid and a share of its
// parent's, not its task: a large upload may create nothing but instances.
type repairable struct {
	clashed   map[uuid.UUID]*working
	instances map[uuid.UUID]string
	parents   map[string]string // each parent once, for instances to share
}

func newRepairable() *repairable {
	return &repairable{clashed: map[uuid.UUID]*working{}, instances: map[uuid.UUID]string{}, parents: map[string]string{}}
}

// add records what the repairs look at of the tasks a version touched.
func (r *repairable) add(tasks map[uuid.UUID]*working) {
	for id, t := range tasks {
		if len(t.clashes) > 0 {
			r.clashed[id] = t
		}
		if t.created && !t.Deleted && repair.IsInstance(t.Data) {
			parent, seen := r.parents[t.Data["parent"]]
			if !seen {
				parent = strings.Clone(t.Data["parent"])
				r.parents[parent] = parent
			}
			r.instances[id] = parent
		}
	}
}

// annotationRepairs places both texts of every annotation clash of the version. The tasks are
// left as the version left them: a transaction run again repairs them again.
func annotationRepairs(clashed map[uuid.UUID]*working, now time.Time) []codec.Op {
	var ops []codec.Op
	for _, id := range sortedIDs(clashed) {
		t := clashed[id]
		data := maps.Clone(t.Data)
		for _, c := range t.clashes {
			edits := repair.PlaceAnnotations(data, c)
			for _, key := range slices.Sorted(maps.Keys(edits)) {
				if data[key] != edits[key] {
					ops = append(ops, codec.Set(id, key, edits[key], now))
					data[key] = edits[key]
				}
			}
		}
	}
	return ops
}

// sortedIDs returns the tasks' uuids in byte order.
func sortedIDs(tasks map[uuid.UUID]*working) []uuid.UUID {
	return slices.SortedFunc(maps.Keys(tasks), func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
}
