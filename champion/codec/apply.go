package codec

import (
	"errors"
	"fmt"
)

// Errors returned (wrapped) by Tasks.Apply. Sync callers log and ignore
// them, as the reference client does; the state is unchanged in each case.
var (
	// ErrTaskExists means a Create named a task that already exists.
	ErrTaskExists = errors.New("codec: task already exists")
	// ErrNoSuchTask means a Delete named a task that does not exist.
	ErrNoSuchTask = errors.New("codec: no such task")
	// ErrNilTasks means a Create was applied to a nil Tasks map.
	ErrNilTasks = errors.New("codec: apply to nil Tasks")
)

// Apply applies one operation with TaskChampion's semantics:
//   - Create adds an empty task; if it exists, ErrTaskExists.
//   - Delete removes the task; if it is missing, ErrNoSuchTask.
//   - Update sets the property, or removes it when Value is nil; a missing
//     task makes it a no-op.
//
// On error t is unchanged.
func (t Tasks) Apply(op Op) error {
	switch op.Kind {
	case OpCreate:
		return t.create(op)
	case OpDelete:
		return t.delete(op)
	case OpUpdate:
		t.update(op)
		return nil
	}
	return fmt.Errorf("%w: kind %d", ErrInvalidOp, op.Kind)
}

// create adds an empty task unless it exists.
func (t Tasks) create(op Op) error {
	if t == nil {
		return ErrNilTasks
	}
	if _, ok := t[op.UUID]; ok {
		return fmt.Errorf("%w: %s", ErrTaskExists, op.UUID)
	}
	t[op.UUID] = TaskMap{}
	return nil
}

// delete removes an existing task.
func (t Tasks) delete(op Op) error {
	if _, ok := t[op.UUID]; !ok {
		return fmt.Errorf("%w: %s", ErrNoSuchTask, op.UUID)
	}
	delete(t, op.UUID)
	return nil
}

// update sets or removes a property of an existing task.
func (t Tasks) update(op Op) {
	m, ok := t[op.UUID]
	if !ok {
		return
	}
	if op.Value == nil {
		delete(m, op.Property)
		return
	}
	if m == nil {
		m = TaskMap{}
		t[op.UUID] = m
	}
	m[op.Property] = *op.Value
}
