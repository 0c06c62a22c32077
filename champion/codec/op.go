package codec

import (
	"errors"
	"time"

	"github.com/google/uuid"
)

// OpKind says which of the three sync operations an Op is.
type OpKind uint8

// The three sync operations. The zero OpKind is invalid.
const (
	// OpCreate creates an empty task.
	OpCreate OpKind = iota + 1
	// OpDelete deletes a task.
	OpDelete
	// OpUpdate sets or removes one property of a task.
	OpUpdate
)

// ErrInvalidOp is wrapped by every error about a malformed operation.
var ErrInvalidOp = errors.New("codec: invalid operation")

// String returns the JSON variant name of k ("Create", "Delete", "Update").
func (k OpKind) String() string {
	switch k {
	case OpCreate:
		return "Create"
	case OpDelete:
		return "Delete"
	case OpUpdate:
		return "Update"
	}
	return "OpKind(invalid)"
}

// valid reports whether k is one of the three operations.
func (k OpKind) valid() bool {
	return k >= OpCreate && k <= OpUpdate
}

// Op is one sync operation. UUID names the task. Property, Value and
// Timestamp are meaningful only for OpUpdate: a nil Value removes the
// property, and Timestamp (UTC) decides conflicts on the same property.
type Op struct {
	Kind      OpKind
	UUID      uuid.UUID
	Property  string
	Value     *string
	Timestamp time.Time
}

// Create returns an operation creating task id.
func Create(id uuid.UUID) Op {
	return Op{Kind: OpCreate, UUID: id}
}

// Delete returns an operation deleting task id.
func Delete(id uuid.UUID) Op {
	return Op{Kind: OpDelete, UUID: id}
}

// Update returns an operation setting property to *value on task id at ts,
// or removing it when value is nil. ts is stored in UTC without a monotonic
// clock reading, and value is copied.
func Update(id uuid.UUID, property string, value *string, ts time.Time) Op {
	if value != nil {
		v := *value
		value = &v
	}
	return Op{Kind: OpUpdate, UUID: id, Property: property, Value: value, Timestamp: ts.Round(0).UTC()}
}

// Set is Update with a present value.
func Set(id uuid.UUID, property, value string, ts time.Time) Op {
	return Update(id, property, &value, ts)
}

// Remove is Update with a nil value: it removes property from task id.
func Remove(id uuid.UUID, property string, ts time.Time) Op {
	return Update(id, property, nil, ts)
}
