package taskdimport

import (
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/champion/codec"
)

// Range of epoch seconds with four-digit years, the range of an operation timestamp.
const (
	minEpoch = -62135596800
	maxEpoch = 253402300799
)

// opOverhead approximates the encoded size of an Update operation without its property and
// value: {"Update":{"uuid":"…","property":"","value":"","timestamp":"…"}}.
const opOverhead = 110

// taskOps returns the operations that create task id with the properties of m: a Create, then
// one Update per property in byte order of the names, all dated at.
func taskOps(id uuid.UUID, m convert.TaskMap, at time.Time) []codec.Op {
	ops := make([]codec.Op, 0, len(m)+1)
	ops = append(ops, codec.Create(id))
	for _, prop := range slices.Sorted(maps.Keys(m)) {
		ops = append(ops, codec.Set(id, prop, m[prop], at))
	}
	return ops
}

// opsSize approximates the encoded size of ops.
func opsSize(ops []codec.Op) int {
	n := 0
	for _, op := range ops {
		n += opOverhead + len(op.Property)
		if op.Value != nil {
			n += len(*op.Value)
		}
	}
	return n
}

// editTime returns when the task was last edited, as taskd's last_modification reads it: its
// modified time, else its end, start or entry time, else now.
func editTime(m convert.TaskMap, now time.Time) time.Time {
	for _, key := range []string{"modified", "end", "start", "entry"} {
		n, err := strconv.ParseInt(m[key], 10, 64)
		if err == nil && n >= minEpoch && n <= maxEpoch {
			return time.Unix(n, 0).UTC()
		}
	}
	return now.UTC()
}
