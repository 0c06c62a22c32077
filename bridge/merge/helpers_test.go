package merge_test

import (
	"maps"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
	"github.com/taskgate/taskgate/champion/codec"
)

// Task and dependency uuids used throughout.
var (
	task1 = uuid.MustParse("948f6c48-7c3d-4885-9b42-958369bdeeaa")
	task2 = uuid.MustParse("6b4aecd9-2c4f-4e3e-8d6f-3b9f6f5c1a01")
	depA  = "4b7ed904-f7b0-4293-8a10-ad452422c7b3"
	depB  = "b8c82b4f-700f-4b30-8405-c9718296e954"
)

// at returns epoch second sec as a UTC time.
func at(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// epoch returns epoch second sec as task map text.
func epoch(sec int64) string { return strconv.FormatInt(sec, 10) }

// version returns a client version of id dated by the map's modified.
func version(id uuid.UUID, m convert.TaskMap) merge.Version {
	sec, err := strconv.ParseInt(m["modified"], 10, 64)
	if err != nil {
		panic("version without modified")
	}
	return merge.Version{UUID: id, Task: m, Modified: at(sec)}
}

// with returns a copy of m with the given key/value pairs set; an empty value removes.
func with(m convert.TaskMap, kv ...string) convert.TaskMap {
	out := maps.Clone(m)
	if out == nil {
		out = convert.TaskMap{}
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

// times returns a CurrentTimes map giving every property of m the time sec.
func times(m convert.TaskMap, sec int64) map[string]time.Time {
	out := make(map[string]time.Time, len(m))
	for prop := range m {
		out[prop] = at(sec)
	}
	return out
}

// timesWith returns a copy of base with the given properties dated sec.
func timesWith(base map[string]time.Time, sec int64, props ...string) map[string]time.Time {
	out := maps.Clone(base)
	if out == nil {
		out = map[string]time.Time{}
	}
	for _, prop := range props {
		out[prop] = at(sec)
	}
	return out
}

// apply applies ops to the state's current map and times, as the store would, and
// returns the state a later merge sees (same Base).
func apply(t testing.TB, id uuid.UUID, st merge.State, ops []codec.Op) merge.State {
	t.Helper()
	tasks := codec.Tasks{}
	if st.Current != nil {
		tasks[id] = codec.TaskMap(maps.Clone(st.Current))
	}
	ts := maps.Clone(st.CurrentTimes)
	if ts == nil {
		ts = map[string]time.Time{}
	}
	for _, op := range ops {
		require.NoError(t, tasks.Apply(op), "apply %v", op)
		if op.Kind == codec.OpUpdate {
			ts[op.Property] = op.Timestamp
		}
	}
	next := merge.State{Base: st.Base, CurrentTimes: ts}
	if m, ok := tasks[id]; ok {
		next.Current = convert.TaskMap(m)
		if next.Current == nil {
			next.Current = convert.TaskMap{}
		}
	}
	return next
}

// set returns an Update op setting prop on id at sec.
func set(id uuid.UUID, prop, value string, sec int64) codec.Op {
	return codec.Set(id, prop, value, at(sec))
}

// remove returns an Update op removing prop from id at sec.
func remove(id uuid.UUID, prop string, sec int64) codec.Op {
	return codec.Remove(id, prop, at(sec))
}

// mergeOne merges the versions of task1 against st and checks the invariants every
// merge must keep: no Delete, the result is Current with the ops applied, and merging
// the same upload again emits nothing.
func mergeOne(t testing.TB, st merge.State, versions ...merge.Version) merge.Result {
	t.Helper()
	r := merge.MergeTask(task1, st, versions)
	checkResult(t, task1, st, versions, r)
	return r
}

// checkResult checks a Result against its inputs (see mergeOne).
func checkResult(t testing.TB, id uuid.UUID, st merge.State, versions []merge.Version, r merge.Result) {
	t.Helper()
	for _, op := range r.Ops {
		require.NotEqual(t, codec.OpDelete, op.Kind, "merge emitted a Delete")
	}
	next := apply(t, id, st, r.Ops)
	require.Equal(t, r.Task, next.Current, "Current with Ops applied must be the result")
	again := merge.MergeTask(id, next, versions)
	require.Empty(t, again.Ops, "merging the same upload again must emit nothing")
	require.Equal(t, r.Task, again.Task)
	require.Equal(t, r.Echo, again.Echo)
}

// pending is a typical task as a 2.x client has it after a sync.
func pending(modified int64) convert.TaskMap {
	return convert.TaskMap{
		"description": "buy milk",
		"entry":       epoch(100),
		"modified":    epoch(modified),
		"project":     "home",
		"status":      "pending",
	}
}

// parseOne reads a single-line upload.
func parseOne(line []byte) (merge.Version, error) {
	up, err := merge.ParseUpload([][]byte{line}, convert.Types{})
	if err != nil {
		return merge.Version{}, err
	}
	return up.Versions[0], nil
}
