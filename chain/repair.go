package chain

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/repair"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// Repaired returns the states of the tasks the server's repairs changed in this transaction
// (see package repair), by uuid: a 2.x client whose upload caused them must be sent them.
func (p *Plaintext) Repaired() map[uuid.UUID]store.TaskState { return p.repaired }

// repair appends, after version v, a version of the server's own with the repairs of what v
// did: annotations that took another's key are both kept, and duplicate instances of a
// recurring task that v created are merged into one. Nothing when there is nothing to repair.
func (p *Plaintext) repair(ctx context.Context, v store.Version, out outcome) error {
	now := p.core.now().UTC()
	ops := annotationRepairs(out, now)
	dups, err := p.recurrenceRepairs(ctx, out, now)
	if err != nil {
		return err
	}
	ops = append(ops, dups...)
	if len(ops) == 0 {
		return nil
	}
	sealed, err := codec.SealSegment(p.key, v.ID, ops)
	if err != nil {
		return fmt.Errorf("sealing a repair of account %d: %w", p.acct.ID, err)
	}
	_, fixed, err := p.appendOnly(ctx, uuid.New(), v.ID, sealed, ops, nil)
	if err != nil {
		return err
	}
	if p.repaired == nil {
		p.repaired = map[uuid.UUID]store.TaskState{}
	}
	for _, st := range fixed.changed {
		p.repaired[st.UUID] = st
	}
	return nil
}

// annotationRepairs places both texts of every annotation clash of the version.
func annotationRepairs(out outcome, now time.Time) []codec.Op {
	var ops []codec.Op
	for _, id := range sortedIDs(out.tasks) {
		t := out.tasks[id]
		for _, c := range t.clashes {
			edits := repair.PlaceAnnotations(t.Data, c)
			for _, key := range slices.Sorted(maps.Keys(edits)) {
				if t.Data[key] != edits[key] {
					ops = append(ops, codec.Set(id, key, edits[key], now))
					t.Data[key] = edits[key]
				}
			}
		}
	}
	return ops
}

// recurrenceRepairs ends the duplicates of the recurrence instances the version created. It
// reads the other instances of their recurring tasks only when the version created one.
func (p *Plaintext) recurrenceRepairs(ctx context.Context, out outcome, now time.Time) ([]codec.Op, error) {
	created := map[uuid.UUID]bool{}
	parents := map[string]bool{}
	for id, t := range out.tasks {
		if t.created && !t.Deleted && repair.IsInstance(t.Data) {
			created[id] = true
			parents[t.Data["parent"]] = true
		}
	}
	if len(created) == 0 {
		return nil, nil
	}
	states, err := p.tx.TasksWithParent(ctx, slices.Sorted(maps.Keys(parents)))
	if err != nil {
		return nil, err
	}
	live, err := DecodeLive(states)
	if err != nil {
		return nil, err
	}
	siblings := make([]repair.Task, 0, len(live))
	for _, t := range live {
		siblings = append(siblings, repair.Task{UUID: t.UUID, Data: t.Data, Times: t.TimesUTC()})
	}
	return repair.Duplicates(siblings, created, now), nil
}

// sortedIDs returns the tasks' uuids in byte order.
func sortedIDs(tasks map[uuid.UUID]*working) []uuid.UUID {
	return slices.SortedFunc(maps.Keys(tasks), func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
}
