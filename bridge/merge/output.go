package merge

import (
	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/champion/codec"
)

// Result is the outcome of merging the uploaded versions of one task.
type Result struct {
	// UUID names the task.
	UUID uuid.UUID
	// Task is the task's map after the merge: Current with Ops applied.
	Task convert.TaskMap
	// Ops are the task's operations: a Create when the task does not exist now, then one
	// Update per changed property in byte order of the property names.
	Ops []codec.Op
	// Echo reports whether the client must be sent Task because it differs from the
	// client's last uploaded version in something a 2.x client sees (the tags and depends
	// mirrors, tag and dependency values and empty values aside).
	Echo bool
}

// Output is the outcome of merging one upload.
type Output struct {
	// Ops are all operations of the new version: each task's Ops, tasks in the order of
	// their first appearance in the upload.
	Ops []codec.Op
	// Results holds one Result per uploaded task, in the same order.
	Results []Result
}
