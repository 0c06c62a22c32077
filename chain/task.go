package chain

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	data, err := encodeData(t.Data)
	if err != nil {
		return store.TaskState{}, err
	}
	times, err := json.Marshal(t.Times)
	if err != nil {
		return store.TaskState{}, err
	}
	return store.TaskState{UUID: t.UUID, Data: data, Times: times, Seq: t.Seq, Deleted: t.Deleted}, nil
}

// encodeData writes a task map as the JSON object stored, in one buffer of its size (when its
// strings need no escapes): a task with a huge value costs one copy of it, not the several of
// a growing buffer. Values are escaped only where JSON requires it.
func encodeData(m codec.TaskMap) ([]byte, error) {
	n := 2
	for k, v := range m {
		n += len(k) + len(v) + 6
	}
	data, err := codec.AppendTaskMap(make([]byte, 0, n), m)
	if err != nil { // not valid UTF-8: stored as encoding/json writes it, with replacements
		return json.Marshal(m)
	}
	return data, nil
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

// snapshotWriter writes task states, one at a time, as a snapshot's JSON object {uuid: task
// map}, leaving out deleted tasks and copying each stored task map as it is: this package wrote
// it as a JSON object of strings, so decoding and encoding it again would only cost time. A row
// that is not a JSON object is ErrDamagedTask.
type snapshotWriter struct {
	w    io.Writer
	buf  []byte
	some bool
}

// add writes one task state.
func (s *snapshotWriter) add(st store.TaskState) error {
	if st.Deleted {
		return nil
	}
	if len(st.Data) == 0 || st.Data[0] != '{' || !json.Valid(st.Data) {
		return fmt.Errorf("task %s: %w: data is not a JSON object", st.UUID, ErrDamagedTask)
	}
	s.buf = append(s.buf[:0], ',')
	if !s.some {
		s.buf[0] = '{'
	}
	s.some = true
	s.buf = append(s.buf, '"')
	s.buf = append(s.buf, st.UUID.String()...)
	s.buf = append(s.buf, '"', ':')
	if _, err := s.w.Write(s.buf); err != nil {
		return err
	}
	_, err := s.w.Write(st.Data)
	return err
}

// close ends the object.
func (s *snapshotWriter) close() error {
	end := "}"
	if !s.some {
		end = "{}"
	}
	_, err := io.WriteString(s.w, end)
	return err
}

// writeSnapshot writes to w the snapshot JSON of the task states each gives, one at a time, to
// add.
func writeSnapshot(w io.Writer, each func(add func(store.TaskState) error) error) error {
	sw := snapshotWriter{w: w}
	if err := each(sw.add); err != nil {
		return err
	}
	return sw.close()
}
