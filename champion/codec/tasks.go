package codec

import "github.com/google/uuid"

// TaskMap is the property map of one task: property name → string value.
// The task's uuid is never a property.
type TaskMap map[string]string

// Tasks is a set of tasks keyed by uuid: the replica state that operations
// apply to and that snapshots carry.
type Tasks map[uuid.UUID]TaskMap

// Clone returns a deep copy of t.
func (t Tasks) Clone() Tasks {
	if t == nil {
		return nil
	}
	out := make(Tasks, len(t))
	for id, m := range t {
		out[id] = m.Clone()
	}
	return out
}

// Clone returns a copy of m.
func (m TaskMap) Clone() TaskMap {
	if m == nil {
		return nil
	}
	out := make(TaskMap, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
