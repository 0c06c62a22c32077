package taskdimport

import (
	"cmp"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/champion/codec"
)

// DefaultSegmentBytes is the size of operations per version the import aims at, as
// TaskChampion batches a large sync.
const DefaultSegmentBytes = 1 << 20

// history is an account's imported history, planned in memory: the versions to append and the
// final task state for the snapshot.
type history struct {
	versions []plannedVersion
	tasks    codec.Tasks
	// udaTypes are the declared UDA types (name to type name), stored with the account.
	udaTypes map[string]string
	// headIsKey says whether some version's id is the newest sync key of tx.data.
	headIsKey bool
}

// plannedVersion is one version of the history before it is sealed.
type plannedVersion struct {
	id  uuid.UUID
	ops []codec.Op
}

// planHistory turns a log into versions: the tasks last written before the newest sync key in
// versions ending with the one whose id is that key, the tasks written after it in further
// versions. Lines are read with the declared UDA types udas; now dates the properties of tasks
// that carry no date at all.
func planHistory(log Log, udas map[string]convert.Type, now time.Time, segmentBytes int) (history, []Problem) {
	lines := slices.SortedFunc(maps.Values(log.Tasks), func(a, b TaskLine) int { return cmp.Compare(a.Line, b.Line) })
	h := history{tasks: make(codec.Tasks, len(lines)), udaTypes: typeNames(udas)}
	types := convert.NewTypes(udas)
	var before, after [][]codec.Op
	var problems []Problem
	_, hasKey := headKey(log)
	for _, tl := range lines {
		id, m, err := convert.ToTaskMap(tl.Raw, types)
		if err != nil {
			problems = append(problems, problemf(log.File, tl.Line, "not a valid task (%v): skipped", err))
			continue
		}
		h.tasks[id] = codec.TaskMap(m)
		ops := taskOps(id, m, editTime(m, now))
		if hasKey && tl.Line > log.KeyLine {
			after = append(after, ops)
		} else {
			before = append(before, ops)
		}
	}
	h.versions, h.headIsKey = arrange(log, before, after, segmentBytes)
	return h, problems
}

// typeNames returns the types by name, as the store keeps them; nil for none.
func typeNames(udas map[string]convert.Type) map[string]string {
	if len(udas) == 0 {
		return nil
	}
	names := make(map[string]string, len(udas))
	for name, t := range udas {
		names[name] = t.String()
	}
	return names
}

// headKey returns the newest sync key as a version id, when it is one.
func headKey(log Log) (uuid.UUID, bool) {
	if !isKey(log.Key) {
		return uuid.Nil, false
	}
	id, err := uuid.Parse(log.Key)
	return id, err == nil
}

// arrange batches the tasks' operations into versions. With a usable newest key, the versions of
// before end with the one whose id is the key (an empty one when before is empty) and those of
// after follow; otherwise every version gets a new random id.
func arrange(log Log, before, after [][]codec.Op, segmentBytes int) ([]plannedVersion, bool) {
	key, ok := headKey(log)
	if !ok {
		return batch(append(before, after...), segmentBytes), false
	}
	versions := batch(before, segmentBytes)
	if len(versions) == 0 {
		versions = []plannedVersion{{id: uuid.New()}}
	}
	versions[len(versions)-1].id = key
	return append(versions, batch(after, segmentBytes)...), true
}

// batch groups whole tasks' operations into versions of about segmentBytes each.
func batch(tasks [][]codec.Op, segmentBytes int) []plannedVersion {
	var versions []plannedVersion
	var cur []codec.Op
	size := 0
	for _, ops := range tasks {
		n := opsSize(ops)
		if len(cur) > 0 && size+n > segmentBytes {
			versions = append(versions, plannedVersion{id: uuid.New(), ops: cur})
			cur, size = nil, 0
		}
		cur, size = append(cur, ops...), size+n
	}
	if len(cur) > 0 {
		versions = append(versions, plannedVersion{id: uuid.New(), ops: cur})
	}
	return versions
}
