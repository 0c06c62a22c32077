package taskdsync

import (
	"bytes"
	"context"
	"maps"
	"slices"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

// listing composes the answer of a prepared sync (see answer for what it sends) as the sync is
// prepared, part by part, so that the task states it lists are rendered as they are read and
// never held: the lines of the parts' changed tasks, then those of the stored tasks, and, under
// the lock, those of the tasks the server's repairs changed, as they are appended. Once the sync is committed only the
// key is left to fill in, and nothing can fail.
type listing struct {
	at    keyAt
	types convert.Types
	opts  convert.Options
	// changed are the lines of the tasks this sync's versions change, in chain order (when the
	// key is the head: the merge results the client must be sent).
	changed []taskLine
	// stored are the lines of the stored tasks changed after the key that this sync does not
	// change, in the order they are read.
	stored []taskLine
	// repaired are the lines of the tasks the server's repairs changed, sent in place of their
	// lines in changed and stored (nil for a task that is not sent).
	repaired map[uuid.UUID][]byte
	// unsent are the uploaded tasks the client has as they are (their merge did not change them
	// for it), sorted before the stored tasks are listed.
	unsent []uuid.UUID
}

// taskLine is one task of the answer.
type taskLine struct {
	id   uuid.UUID
	line []byte
}

// newListing starts the answer to req; its index of unsent tasks is sized for every uploaded
// line, which saves growing it.
func newListing(at keyAt, types convert.Types, req taskd.SyncRequest) *listing {
	l := &listing{at: at, types: types, opts: convert.Options{DependsAsString: oldClient(req.Client)}}
	if !at.head {
		l.unsent = make([]uuid.UUID, 0, len(req.Tasks))
	}
	return l
}

// addPart lists what one part of the upload changed: its merge and the states its version
// wrote, by uuid.
func (l *listing) addPart(out merge.Output, changed []store.TaskState) error {
	if l.at.head {
		for _, r := range out.Results {
			if len(r.Ops) > 0 && r.Echo {
				if err := l.addMap(&l.changed, r.UUID, r.Task); err != nil {
					return err
				}
			}
		}
		return nil
	}
	echo := make(map[uuid.UUID]bool, len(out.Results))
	for _, r := range out.Results {
		echo[r.UUID] = r.Echo
		if !r.Echo {
			l.unsent = append(l.unsent, r.UUID)
		}
	}
	for _, st := range changed {
		if echo[st.UUID] {
			if err := l.addState(&l.changed, st); err != nil {
				return err
			}
		}
	}
	return nil
}

// addStored lists the stored tasks changed after the key (every task for an unknown key) that
// the batch does not change and the client does not have, reading them one at a time.
func (l *listing) addStored(ctx context.Context, tx store.PlaintextTx, b *chain.Batch) error {
	if l.at.head {
		return nil
	}
	slices.SortFunc(l.unsent, compareUUID)
	add := func(st store.TaskState) error {
		if _, unsent := slices.BinarySearchFunc(l.unsent, st.UUID, compareUUID); unsent || b.Changes(st.UUID) {
			return nil
		}
		return l.addState(&l.stored, st)
	}
	if l.at.known {
		return tx.TasksChangedSinceEach(ctx, l.at.since, add)
	}
	return tx.TasksEach(ctx, add)
}

// startRepairs starts, under the lock, the list of the tasks the server's repairs change, anew:
// a transaction run again lists what its own repairs changed.
func (l *listing) startRepairs() { l.repaired = map[uuid.UUID][]byte{} }

// addRepaired lists a task the server's repairs changed, as it is given (see
// chain.Plaintext.OnRepaired), in place of what was listed of it.
func (l *listing) addRepaired(st store.TaskState) error {
	var lines []taskLine
	if err := l.addState(&lines, st); err != nil {
		return err
	}
	l.repaired[st.UUID] = nil // not sent when it is deleted and the key is not the head
	if len(lines) > 0 {
		l.repaired[st.UUID] = lines[0].line
	}
	return nil
}

// response returns the answer with the key of head: the lines in the order a read under the
// lock gives (by seq then uuid; by uuid when every task or only this sync's are sent), except
// that the server's repairs, when they take several versions, are listed together by uuid. A
// 2.x client reads each task's line on its own, whatever the order.
func (l *listing) response(req taskd.SyncRequest, head store.Chain) taskd.SyncResponse {
	replaced := func(t taskLine) bool { _, ok := l.repaired[t.id]; return ok }
	all := slices.Concat(slices.DeleteFunc(l.stored, replaced), slices.DeleteFunc(l.changed, replaced))
	for _, id := range slices.SortedFunc(maps.Keys(l.repaired), compareUUID) {
		if line := l.repaired[id]; line != nil {
			all = append(all, taskLine{id: id, line: line})
		}
	}
	if l.at.head || !l.at.known {
		slices.SortFunc(all, func(a, b taskLine) int { return compareUUID(a.id, b.id) })
	}
	resp := taskd.SyncResponse{Code: taskd.StatusOK, Key: headKey(head), Tasks: make([][]byte, len(all))}
	for i, t := range all {
		resp.Tasks[i] = t.line
	}
	if len(req.Tasks) == 0 && len(all) == 0 {
		resp.Code = taskd.StatusNoChange
	}
	return resp
}

// addState renders a live stored state onto list; a deleted one is not listed, except as an
// echo of this sync's own changes.
func (l *listing) addState(list *[]taskLine, st store.TaskState) error {
	if st.Deleted && !l.at.head {
		return nil
	}
	t, err := chain.DecodeTask(st)
	if err != nil {
		return err
	}
	return l.addMap(list, st.UUID, t.Data)
}

// addMap renders a task map onto list.
func (l *listing) addMap(list *[]taskLine, id uuid.UUID, m convert.TaskMap) error {
	line, err := keptLine(id, m, l.types, l.opts)
	if err != nil {
		return err
	}
	*list = append(*list, taskLine{id: id, line: line})
	return nil
}

func compareUUID(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }
