package replica

import (
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// task is a task state being changed in memory.
type task struct {
	id      uuid.UUID
	data    codec.TaskMap
	times   map[string]int64
	exists  bool
	deleted bool
	changed bool
}

// decodeTask reads a stored state.
func decodeTask(st store.TaskState) (*task, error) {
	t := &task{id: st.UUID, exists: true, deleted: st.Deleted}
	if err := json.Unmarshal(st.Data, &t.data); err != nil {
		return nil, fmt.Errorf("task %s: stored data: %w", st.UUID, err)
	}
	if err := json.Unmarshal(st.Times, &t.times); err != nil {
		return nil, fmt.Errorf("task %s: stored times: %w", st.UUID, err)
	}
	if t.data == nil {
		t.data = codec.TaskMap{}
	}
	if t.times == nil {
		t.times = map[string]int64{}
	}
	return t, nil
}

// encode returns the state to store, stamped with the chain position seq.
func (t *task) encode(seq int64) (store.TaskState, error) {
	data, err := json.Marshal(t.data)
	if err != nil {
		return store.TaskState{}, err
	}
	times, err := json.Marshal(t.times)
	if err != nil {
		return store.TaskState{}, err
	}
	return store.TaskState{UUID: t.id, Data: data, Times: times, Seq: seq, Deleted: t.deleted}, nil
}

// apply applies one operation with TaskChampion's semantics: Create on a live task and
// Update or Delete on a missing one change nothing.
func (t *task) apply(op codec.Op) {
	live := t.exists && !t.deleted
	switch op.Kind {
	case codec.OpCreate:
		if !live {
			t.exists, t.deleted, t.changed = true, false, true
			t.data, t.times = codec.TaskMap{}, map[string]int64{}
		}
	case codec.OpDelete:
		if live {
			t.deleted, t.changed = true, true
			t.data, t.times = codec.TaskMap{}, map[string]int64{}
		}
	case codec.OpUpdate:
		if live {
			t.set(op)
		}
	}
}

func (t *task) set(op codec.Op) {
	if op.Value == nil {
		delete(t.data, op.Property)
	} else {
		t.data[op.Property] = *op.Value
	}
	t.times[op.Property] = op.Timestamp.UnixNano()
	t.changed = true
}
