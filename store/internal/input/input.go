// Package input checks and reshapes what callers hand the store engines, so that both engines
// refuse and normalize the same input in the same way. Its errors are not sentinels: they
// describe a caller mistake, not a state of the database.
package input

import (
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// udaTypes are the UDA types Taskwarrior 2.x declares (uda.<name>.type).
var udaTypes = map[string]bool{"string": true, "date": true, "numeric": true, "duration": true}

// LastStates returns tasks with only the last state of each uuid, in the order of those last
// states: a later state of one uuid in one call replaces an earlier one.
func LastStates(tasks []store.TaskState) []store.TaskState {
	last := make(map[uuid.UUID]int, len(tasks))
	for i, t := range tasks {
		last[t.UUID] = i
	}
	if len(last) == len(tasks) {
		return tasks
	}
	out := make([]store.TaskState, 0, len(last))
	for i, t := range tasks {
		if last[t.UUID] == i {
			out = append(out, t)
		}
	}
	return out
}

// TaskdCredential reports a credential no engine would store: org, user and key are required.
func TaskdCredential(c store.TaskdCredential) error {
	if c.Org == "" || c.User == "" || c.Key == uuid.Nil {
		return errors.New("store: a taskd credential needs an org, a user and a key")
	}
	return nil
}

// TaskdOrg reports an organization no engine would store: the name is required.
func TaskdOrg(o store.TaskdOrg) error {
	if o.Name == "" {
		return errors.New("store: a taskd organization needs a name")
	}
	return nil
}

// UDATypes reports a UDA name that is empty or a type that is not one Taskwarrior declares.
func UDATypes(types map[string]string) error {
	for name, typ := range types {
		if name == "" {
			return errors.New("store: a UDA type needs a name")
		}
		if !udaTypes[typ] {
			return fmt.Errorf("store: UDA %q has type %q, want string, date, numeric or duration", name, typ)
		}
	}
	return nil
}
