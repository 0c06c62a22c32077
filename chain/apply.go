package chain

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/repair"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// working is a task being changed in memory by a version's operations.
type working struct {
	Task
	exists  bool
	changed bool
	created bool
	// clashes are the annotation keys the version took from another annotation (see
	// repair.IsAnnotationClash).
	clashes []repair.Clash
}

// outcome is what applying a version's operations did: the states to store and what the server
// may have to repair (see Plaintext.repair).
type outcome struct {
	changed []store.TaskState
	// tasks are the tasks the operations touched, as they left them.
	tasks map[uuid.UUID]*working
}

// Loaded is what a caller has read of the task state in this transaction: the ids it asked
// for and the states found among them. ApplyOps reads only the tasks that are not in it.
type Loaded struct {
	asked  map[uuid.UUID]struct{}
	states map[uuid.UUID]store.TaskState
}

// NewLoaded records that the tasks ids were read and states found among them.
func NewLoaded(ids []uuid.UUID, states map[uuid.UUID]store.TaskState) *Loaded {
	asked := make(map[uuid.UUID]struct{}, len(ids))
	for _, id := range ids {
		asked[id] = struct{}{}
	}
	return &Loaded{asked: asked, states: states}
}

// lookup reports whether id was read, and its state if it was found.
func (l *Loaded) lookup(id uuid.UUID) (st store.TaskState, found, asked bool) {
	if l == nil {
		return store.TaskState{}, false, false
	}
	if st, ok := l.states[id]; ok {
		return st, true, true
	}
	_, asked = l.asked[id]
	return store.TaskState{}, false, asked
}

// ApplyOps applies ops, in order, to the task state in tx and stores every changed task stamped
// with seq, the chain position of the version that carries them. Tasks in known (which may be
// nil) are not read again.
func ApplyOps(ctx context.Context, tx store.PlaintextTx, seq int64, ops []codec.Op, known *Loaded) error {
	out, err := applied(ctx, tx, seq, ops, known)
	if err != nil || len(out.changed) == 0 {
		return err
	}
	return tx.TasksPut(ctx, out.changed)
}

// applied returns the states of the tasks ops change, stamped with seq, without storing them.
func applied(ctx context.Context, tx store.PlaintextTx, seq int64, ops []codec.Op, known *Loaded) (outcome, error) {
	tasks, err := loadTasks(ctx, tx, ops, known)
	if err != nil {
		return outcome{}, err
	}
	for _, op := range ops {
		tasks[op.UUID].apply(op)
	}
	out := outcome{tasks: tasks}
	for _, t := range tasks {
		if !t.changed {
			continue
		}
		t.Seq = seq
		st, err := t.Encode()
		if err != nil {
			return outcome{}, fmt.Errorf("encoding task %s: %w", t.UUID, err)
		}
		out.changed = append(out.changed, st)
	}
	return out, nil
}

// loadTasks returns every task the operations touch, reading with one query those not in known.
func loadTasks(ctx context.Context, tx store.PlaintextTx, ops []codec.Op, known *Loaded) (map[uuid.UUID]*working, error) {
	tasks := make(map[uuid.UUID]*working)
	var missing []uuid.UUID
	for _, op := range ops {
		if _, ok := tasks[op.UUID]; ok {
			continue
		}
		tasks[op.UUID] = &working{Task: Task{UUID: op.UUID}}
		st, found, asked := known.lookup(op.UUID)
		switch {
		case found:
			if err := tasks[op.UUID].load(st); err != nil {
				return nil, err
			}
		case !asked:
			missing = append(missing, op.UUID)
		}
	}
	if len(missing) == 0 {
		return tasks, nil
	}
	stored, err := tx.TasksGet(ctx, missing)
	if err != nil {
		return nil, err
	}
	for id, st := range stored {
		if err := tasks[id].load(st); err != nil {
			return nil, err
		}
	}
	return tasks, nil
}

// load takes a stored state.
func (w *working) load(st store.TaskState) error {
	t, err := DecodeTask(st)
	if err != nil {
		return err
	}
	w.Task, w.exists = t, true
	return nil
}

// apply applies one operation with TaskChampion's semantics: Create on a live task and Update or
// Delete on a missing one change nothing.
func (w *working) apply(op codec.Op) {
	live := w.exists && !w.Deleted
	switch op.Kind {
	case codec.OpCreate:
		if !live {
			w.exists, w.Deleted, w.changed, w.created = true, false, true, true
			w.Data, w.Times = codec.TaskMap{}, map[string]int64{}
		}
	case codec.OpDelete:
		if live {
			w.Deleted, w.changed = true, true
			w.Data, w.Times = codec.TaskMap{}, map[string]int64{}
		}
	case codec.OpUpdate:
		if live {
			w.set(op)
		}
	}
}

func (w *working) set(op codec.Op) {
	if old, ok := w.Data[op.Property]; ok && op.Value != nil &&
		repair.IsAnnotationClash(op.Property, old, time.Unix(0, w.Times[op.Property]), *op.Value, op.Timestamp) {
		w.clashes = append(w.clashes, repair.Clash{Key: op.Property, Texts: [2]string{old, *op.Value}})
	}
	if op.Value == nil {
		delete(w.Data, op.Property)
	} else {
		w.Data[op.Property] = *op.Value
	}
	w.Times[op.Property] = op.Timestamp.UnixNano()
	w.changed = true
}
