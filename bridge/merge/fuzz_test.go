package merge_test

import (
	"bytes"
	"testing"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
)

// FuzzMerge feeds arbitrary upload bytes (task lines separated by newlines) through
// ParseUpload and Merge against several store states; it must never panic, and every
// merge must keep the invariants mergeOne checks.
func FuzzMerge(f *testing.F) {
	f.Add([]byte(typicalLine))
	f.Add([]byte(typicalLine + "\n" + typicalLine2))
	f.Add([]byte(`{"uuid":"` + task1.String() + `","tags":"a,b","depends":"[\"` + depA + `\"]","modified":1704164645}`))
	f.Add([]byte(`{"uuid":"` + task1.String() + `","annotations":[{"description":"x"}],"entry":"20300101T000000Z","x":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		up, err := merge.ParseUpload(bytes.Split(data, []byte("\n")), convert.Types{})
		if err != nil {
			return
		}
		for _, st := range fuzzStates(up.Versions) {
			out := merge.Merge(merge.Input{Versions: up.Versions, Tasks: st})
			for _, r := range out.Results {
				var versions []merge.Version
				for _, v := range up.Versions {
					if v.UUID == r.UUID {
						versions = append(versions, v)
					}
				}
				checkResult(t, r.UUID, st[r.UUID], versions, r)
			}
		}
	})
}

// fuzzStates returns store states for the uploaded tasks: none exist; they exist with
// the first version as base and a server edit; they exist without a base.
func fuzzStates(versions []merge.Version) []map[uuid.UUID]merge.State {
	withBase := map[uuid.UUID]merge.State{}
	noBase := map[uuid.UUID]merge.State{}
	for _, v := range versions {
		if _, ok := withBase[v.UUID]; ok {
			continue
		}
		current := with(v.Task, "project", "server", "tag_s", "x", "modified", epoch(1704164645))
		ts := times(current, 1704164645)
		withBase[v.UUID] = merge.State{Base: v.Task, Current: current, CurrentTimes: ts}
		noBase[v.UUID] = merge.State{Current: current, CurrentTimes: ts}
	}
	return []map[uuid.UUID]merge.State{nil, withBase, noBase}
}
