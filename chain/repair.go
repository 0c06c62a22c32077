package chain

import (
	"context"
	"encoding/json"
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
// (see package repair), by uuid: a 2.x client whose upload caused them must be sent them.
func (p *Plaintext) Repaired() map[uuid.UUID]store.TaskState { return p.repaired }

// repair appends, after version v, a version of the server's own with the repairs of what v
// did (see repairable): annotations that took another's key are both kept, and duplicate
// instances of a recurring task that v created are merged into one. Nothing when there is
// nothing to repair.
func (p *Plaintext) repair(ctx context.Context, v store.Version, r *repairable) error {
	now := p.core.now().UTC()
	ops := annotationRepairs(r.clashed, now)
	dups, err := p.recurrenceRepairs(ctx, r.instances, now)
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

// recurrenceRepairs ends the duplicates of the recurrence instances the version created (by
// uuid, with their parent). It reads the other instances of their recurring tasks only when the
// version created one, one at a time: first the occurrence each stands for, then, decoded, only
// those of the occurrences that have duplicates.
func (p *Plaintext) recurrenceRepairs(ctx context.Context, instances map[uuid.UUID]string, now time.Time) ([]codec.Op, error) {
	if len(instances) == 0 {
		return nil, nil
	}
	parents := slices.Sorted(maps.Values(instances))
	parents = slices.Compact(parents)
	due, err := p.duplicated(ctx, parents, instances)
	if err != nil || len(due) == 0 {
		return nil, err
	}
	var siblings []repair.Task
	err = p.tx.TasksWithParentEach(ctx, parents, func(st store.TaskState) error {
		occ, ok, err := occurrenceOf(st)
		if err != nil || !ok || !due[occ] {
			return err
		}
		t, err := DecodeTask(st)
		if err != nil {
			return err
		}
		siblings = append(siblings, repair.Task{UUID: t.UUID, Data: t.Data, Times: t.TimesUTC()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	created := make(map[uuid.UUID]bool, len(siblings))
	for _, t := range siblings {
		if _, ok := instances[t.UUID]; ok {
			created[t.UUID] = true
		}
	}
	return repair.Duplicates(siblings, created, now), nil
}

// duplicated returns the occurrences of the recurring tasks parents that have several live
// instances, one of them among created.
func (p *Plaintext) duplicated(ctx context.Context, parents []string, created map[uuid.UUID]string) (map[string]bool, error) {
	type count struct {
		n       int
		created bool
	}
	counts := map[string]*count{}
	err := p.tx.TasksWithParentEach(ctx, parents, func(st store.TaskState) error {
		occ, ok, err := occurrenceOf(st)
		if err != nil || !ok {
			return err
		}
		c := counts[occ]
		if c == nil {
			c = &count{}
			counts[occ] = c
		}
		_, mine := created[st.UUID]
		c.n, c.created = c.n+1, c.created || mine
		return nil
	})
	due := map[string]bool{}
	for occ, c := range counts {
		if c.n > 1 && c.created {
			due[occ] = true
		}
	}
	return due, err
}

// occurrenceOf reads of a stored state only what names the occurrence it stands for (see
// repair.Occurrence); ok is false when it is no live instance.
func occurrenceOf(st store.TaskState) (string, bool, error) {
	if st.Deleted {
		return "", false, nil
	}
	var m struct{ Parent, Imask, Due, Status string }
	if err := json.Unmarshal(st.Data, &m); err != nil {
		return "", false, fmt.Errorf("task %s: %w: data: %v", st.UUID, ErrDamagedTask, err)
	}
	data := codec.TaskMap{"parent": m.Parent, "status": m.Status, "imask": m.Imask, "due": m.Due}
	if !repair.IsInstance(data) {
		return "", false, nil
	}
	return repair.Occurrence(data), true, nil
}

// sortedIDs returns the tasks' uuids in byte order.
func sortedIDs(tasks map[uuid.UUID]*working) []uuid.UUID {
	return slices.SortedFunc(maps.Keys(tasks), func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
}
