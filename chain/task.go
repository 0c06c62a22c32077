package chain

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// ErrDamagedTask means a stored task state is not the JSON this package writes.
var ErrDamagedTask = errors.New("stored task state is damaged")

// Task is one task of a plaintext account's materialized state, decoded: what applying the
// whole version chain gives. This package is the only place that encodes and decodes the rows.
type Task struct {
	UUID uuid.UUID
	// Data is the task map (tag_x, annotation_<epoch>, …); empty for a deleted task.
	Data codec.TaskMap
	// Times maps each property ever set or removed to the Unix nanoseconds of the operation
	// that last did so; merges compare them.
	Times map[string]int64
	// Seq is the chain position of the last version that changed the task.
	Seq int64
	// Deleted is set when a Delete operation removed the task.
	Deleted bool
}

// DecodeTask reads a stored state.
func DecodeTask(st store.TaskState) (Task, error) {
	t := Task{UUID: st.UUID, Seq: st.Seq, Deleted: st.Deleted}
	if err := json.Unmarshal(st.Data, &t.Data); err != nil {
		return Task{}, fmt.Errorf("task %s: %w: data: %v", st.UUID, ErrDamagedTask, err)
	}
	if err := json.Unmarshal(st.Times, &t.Times); err != nil {
		return Task{}, fmt.Errorf("task %s: %w: times: %v", st.UUID, ErrDamagedTask, err)
	}
	if t.Data == nil {
		t.Data = codec.TaskMap{}
	}
	if t.Times == nil {
		t.Times = map[string]int64{}
	}
	return t, nil
}

// Encode returns the row to store.
func (t Task) Encode() (store.TaskState, error) {
	data, err := json.Marshal(t.Data)
	if err != nil {
		return store.TaskState{}, err
	}
	times, err := json.Marshal(t.Times)
	if err != nil {
		return store.TaskState{}, err
	}
	return store.TaskState{UUID: t.UUID, Data: data, Times: times, Seq: t.Seq, Deleted: t.Deleted}, nil
}

// TimesUTC returns Times as times.
func (t Task) TimesUTC() map[string]time.Time {
	out := make(map[string]time.Time, len(t.Times))
	for p, n := range t.Times {
		out[p] = time.Unix(0, n).UTC()
	}
	return out
}

// DecodeLive decodes the given states, leaving out deleted tasks.
func DecodeLive(states []store.TaskState) ([]Task, error) {
	out := make([]Task, 0, len(states))
	for _, st := range states {
		if st.Deleted {
			continue
		}
		t, err := DecodeTask(st)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// snapshotJSON writes the live tasks of states as a snapshot's JSON object {uuid: task map},
// copying each stored task map as it is: this package wrote it as a JSON object of strings, so
// decoding and encoding it again would only cost time. A row that is not a JSON object is
// ErrDamagedTask.
func snapshotJSON(states []store.TaskState) ([]byte, error) {
	size := 2
	for _, st := range states {
		size += len(st.Data) + 40
	}
	buf := append(make([]byte, 0, size), '{')
	for _, st := range states {
		if st.Deleted {
			continue
		}
		if len(st.Data) == 0 || st.Data[0] != '{' || !json.Valid(st.Data) {
			return nil, fmt.Errorf("task %s: %w: data is not a JSON object", st.UUID, ErrDamagedTask)
		}
		if len(buf) > 1 {
			buf = append(buf, ',')
		}
		buf = append(buf, '"')
		buf = append(buf, st.UUID.String()...)
		buf = append(buf, '"', ':')
		buf = append(buf, st.Data...)
	}
	return append(buf, '}'), nil
}
