package merge

import (
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
)

// State is what the store knows about one task when an upload is merged.
type State struct {
	// Base is the task's map at the version the client's sync key names. It is nil when
	// the key is empty or unknown, or when the task did not exist at that version.
	Base convert.TaskMap
	// Current is the task's map at the head of the chain, or nil when the task does not
	// exist. An existing task without properties is an empty, non-nil map.
	Current convert.TaskMap
	// CurrentTimes holds, for each property an operation has set or removed, the
	// timestamp of the last such operation: the time a property of Current was set, or
	// the time a property Current lacks was removed. A property of Current without an
	// entry is dated by Current's modified time (zero if it has none); a property Current
	// lacks and that has no entry counts as removed at that time when Base had it, and as
	// never set otherwise.
	CurrentTimes map[string]time.Time
}

// Version is one version of a task that a 2.x client uploaded: one task line.
type Version struct {
	// UUID names the task.
	UUID uuid.UUID
	// Task is the full task map of this version, as convert.ToTaskMap reads the line.
	Task convert.TaskMap
	// Modified is the time of the client's edit: the version's modified (else end, start
	// or entry, as taskd's last_modification), or zero when it has none.
	Modified time.Time
	// folded, when set, makes this version stand for several consecutive versions of the
	// task: Task and Modified are the last one's (see fold).
	folded *folded
}

// folded is what the merge needs of a run of consecutive versions of one task besides the last:
// the first version, which is compared with the base, and the changes within the run.
type folded struct {
	first   convert.TaskMap
	firstAt time.Time
	// within holds, for each property some version after the first changed against the one
	// before it, the modified time of the last such version.
	within map[string]time.Time
}

// fold returns v followed by next as one version: the client's view of the task is the same
// whether it walks both or the one returned, and only the first and last task maps are kept.
func fold(v, next Version) Version {
	f := v.folded
	if f == nil {
		f = &folded{first: v.Task, firstAt: v.Modified, within: map[string]time.Time{}}
	}
	markChanges(f.within, v.Task, next.Task, next.Modified)
	next.folded = f
	return next
}

// Input is one taskd upload with what the store knows about the tasks it names.
type Input struct {
	// Versions are the uploaded task versions in the client's order. One task may
	// appear several times, oldest edit first.
	Versions []Version
	// Tasks holds the store's state per task. A task missing here has no base and does
	// not exist now.
	Tasks map[uuid.UUID]State
}
