package merge_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
	"github.com/taskgate/taskgate/champion/codec"
)

// TestRule1OnlyClientChanges: a taskd upload changes only what the 2.x client changed
// since its sync key; other clients' changes to other properties survive.
func TestRule1OnlyClientChanges(t *testing.T) {
	t.Parallel()
	base := pending(100)
	baseTimes := times(base, 100)
	tests := []struct {
		name    string
		current convert.TaskMap
		client  convert.TaskMap
		want    convert.TaskMap
		wantOps []codec.Op
	}{
		{
			name:    "OtherPropertySurvives",
			current: with(base, "project", "work", "modified", epoch(200)),
			client:  with(base, "description", "buy oat milk", "modified", epoch(150)),
			want:    with(base, "project", "work", "description", "buy oat milk", "modified", epoch(200)),
			wantOps: []codec.Op{set(task1, "description", "buy oat milk", 150)},
		},
		{
			name:    "ServerRemovalSurvives",
			current: with(base, "project", "", "modified", epoch(200)),
			client:  with(base, "priority", "H", "modified", epoch(150)),
			want:    with(base, "project", "", "priority", "H", "modified", epoch(200)),
			wantOps: []codec.Op{set(task1, "priority", "H", 150)},
		},
		{
			name:    "UntouchedStaleValueIgnored",
			current: with(base, "description", "renamed", "modified", epoch(300)),
			client:  with(base, "modified", epoch(350)),
			want:    with(base, "description", "renamed", "modified", epoch(350)),
			wantOps: []codec.Op{set(task1, "modified", epoch(350), 350)},
		},
		{
			name:    "ClientRemoval",
			current: base,
			client:  with(base, "project", "", "modified", epoch(150)),
			want:    with(base, "project", "", "modified", epoch(150)),
			wantOps: []codec.Op{set(task1, "modified", epoch(150), 150), remove(task1, "project", 150)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cur := timesWith(baseTimes, 200, changedProps(base, tt.current)...)
			st := merge.State{Base: base, Current: tt.current, CurrentTimes: cur}
			r := mergeOne(t, st, version(task1, tt.client))
			require.Equal(t, tt.want, r.Task)
			require.Equal(t, tt.wantOps, r.Ops)
		})
	}
}

// TestRule2LaterChangeWins: when both sides changed the same property the later change
// wins; on a tie the value already on the chain stays. Emitted ops carry the 2.x edit time.
func TestRule2LaterChangeWins(t *testing.T) {
	t.Parallel()
	base := pending(100)
	tests := []struct {
		name       string
		serverAt   int64
		clientAt   int64
		want       string
		wantOps    []codec.Op
		wantEchoed bool
	}{
		{"ClientLater", 150, 200, "client", []codec.Op{
			set(task1, "description", "client", 200), set(task1, "modified", epoch(200), 200),
		}, false},
		{"ServerLater", 250, 200, "server", nil, true},
		{"TieKeepsServer", 200, 200, "server", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			current := with(base, "description", "server", "modified", epoch(tt.serverAt))
			st := merge.State{
				Base:         base,
				Current:      current,
				CurrentTimes: timesWith(times(base, 100), tt.serverAt, "description", "modified"),
			}
			r := mergeOne(t, st, version(task1, with(base, "description", "client", "modified", epoch(tt.clientAt))))
			require.Equal(t, tt.want, r.Task["description"])
			require.Equal(t, tt.wantOps, r.Ops)
			require.Equal(t, tt.wantEchoed, r.Echo)
		})
	}
}

// TestRule2SubSecondServerTime: a 3.x op half a second after the 2.x edit second wins.
func TestRule2SubSecondServerTime(t *testing.T) {
	t.Parallel()
	base := pending(100)
	cur := times(base, 100)
	cur["description"] = at(200).Add(500_000_000)
	st := merge.State{Base: base, Current: with(base, "description", "server"), CurrentTimes: cur}
	r := mergeOne(t, st, version(task1, with(base, "description", "client", "modified", epoch(200))))
	require.Equal(t, "server", r.Task["description"])
}

// TestRule3ElementWise: tags, dependencies and annotations merge element by element, and
// the tags and depends mirrors are recomputed from the merged keys.
func TestRule3ElementWise(t *testing.T) {
	t.Parallel()
	base := with(pending(100), "tag_a", "x", "tags", "a", "dep_"+depA, "x", "depends", depA,
		"annotation_100", "first")
	tests := []struct {
		name    string
		current convert.TaskMap
		client  convert.TaskMap
		want    convert.TaskMap
	}{
		{
			name:    "TagAddedOnEachSide",
			current: with(base, "tag_c", "x", "tags", "a,c", "modified", epoch(200)),
			client:  with(base, "tag_d", "x", "tags", "a,d", "modified", epoch(150)),
			want:    with(base, "tag_c", "x", "tag_d", "x", "tags", "a,c,d", "modified", epoch(200)),
		},
		{
			name:    "TagRemovedAndAdded",
			current: with(base, "tag_b", "x", "tags", "a,b", "modified", epoch(200)),
			client:  with(base, "tag_a", "", "tag_z", "x", "tags", "z", "modified", epoch(150)),
			want:    with(base, "tag_a", "", "tag_b", "x", "tag_z", "x", "tags", "b,z", "modified", epoch(200)),
		},
		{
			name:    "AnnotationAddedOnEachSide",
			current: with(base, "annotation_200", "server note", "modified", epoch(200)),
			client:  with(base, "annotation_150", "client note", "modified", epoch(150)),
			want: with(base, "annotation_150", "client note", "annotation_200", "server note",
				"modified", epoch(200)),
		},
		{
			name:    "AnnotationsOfOneSecondOnEachSide",
			current: with(base, "annotation_150", "server note", "modified", epoch(150)),
			client:  with(base, "annotation_150", "client note", "modified", epoch(150)),
			want: with(base, "annotation_150", "client note", "annotation_151", "server note",
				"modified", epoch(150)),
		},
		{
			name:    "AnnotationsOfOneSecondLaterOnClient",
			current: with(base, "annotation_150", "b: server", "annotation_151", "taken", "modified", epoch(150)),
			client:  with(base, "annotation_150", "a: client", "modified", epoch(151)),
			want: with(base, "annotation_150", "a: client", "annotation_151", "taken", "annotation_152", "b: server",
				"modified", epoch(151)),
		},
		{
			name:    "DependencyRemovedOnClientAddedOnServer",
			current: with(base, "dep_"+depB, "x", "depends", depA+","+depB, "modified", epoch(200)),
			client:  with(base, "dep_"+depA, "", "depends", "", "modified", epoch(150)),
			want:    with(base, "dep_"+depA, "", "dep_"+depB, "x", "depends", depB, "modified", epoch(200)),
		},
		{
			name:    "DependencyRemovedOnServerAddedOnClient",
			current: with(base, "dep_"+depA, "", "depends", "", "modified", epoch(200)),
			client:  with(base, "dep_"+depB, "x", "depends", depA+","+depB, "modified", epoch(150)),
			want:    with(base, "dep_"+depA, "", "dep_"+depB, "x", "depends", depB, "modified", epoch(200)),
		},
		{
			name:    "LastTagRemoved",
			current: base,
			client:  with(base, "tag_a", "", "tags", "", "modified", epoch(150)),
			want:    with(base, "tag_a", "", "tags", "", "modified", epoch(150)),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := merge.State{
				Base:         base,
				Current:      tt.current,
				CurrentTimes: timesWith(times(base, 100), 200, changedProps(base, tt.current)...),
			}
			r := mergeOne(t, st, version(task1, tt.client))
			require.Equal(t, tt.want, r.Task)
		})
	}
}

// TestRule3MirrorOps: the mirror update is dated by the tag edit that caused it, and a
// stale mirror is repaired even when no tag changed.
func TestRule3MirrorOps(t *testing.T) {
	t.Parallel()
	base := with(pending(100), "tag_a", "x", "tags", "a")
	current := with(base, "tag_c", "x", "tags", "a,c", "modified", epoch(200))
	st := merge.State{Base: base, Current: current, CurrentTimes: timesWith(times(base, 100), 200, "tag_c", "tags", "modified")}
	r := mergeOne(t, st, version(task1, with(base, "tag_d", "x", "tags", "a,d", "modified", epoch(150))))
	require.Equal(t, []codec.Op{set(task1, "tag_d", "x", 150), set(task1, "tags", "a,c,d", 150)}, r.Ops)

	stale := with(base, "tags", "wrong")
	st = merge.State{Base: base, Current: stale, CurrentTimes: times(stale, 100)}
	r = mergeOne(t, st, version(task1, with(base, "project", "x", "modified", epoch(150))))
	require.Equal(t, []codec.Op{
		set(task1, "modified", epoch(150), 150), set(task1, "project", "x", 150), set(task1, "tags", "a", 150),
	}, r.Ops)
}

// TestRule3TagValuesByPresence: a tag set as "" by the TaskChampion library and as "x" by
// Taskwarrior is the same tag.
func TestRule3TagValuesByPresence(t *testing.T) {
	t.Parallel()
	base := pending(100)
	current := with(base, "tag_a", "x", "tags", "a", "modified", epoch(200))
	current["tag_a"] = ""
	st := merge.State{Base: base, Current: current, CurrentTimes: times(current, 200)}
	r := mergeOne(t, st, version(task1, with(base, "tag_a", "x", "tags", "a", "modified", epoch(200))))
	require.Empty(t, r.Ops)
	require.False(t, r.Echo)
}

// TestRule4UnknownAttributesPassThrough: UDAs and unknown attributes are properties like
// any other, in both directions; a declared date UDA is read as a date.
func TestRule4UnknownAttributesPassThrough(t *testing.T) {
	t.Parallel()
	base := with(pending(100), "estimate", "1h", "orphan", `{"a":[1]}`)
	current := with(base, "size", "3", "tc_only", "keep me", "modified", epoch(200))
	st := merge.State{Base: base, Current: current, CurrentTimes: timesWith(times(base, 100), 200, "size", "tc_only", "modified")}
	line := `{"description":"buy milk","entry":"19700101T000140Z","estimate":"2h","modified":"19700101T000230Z",` +
		`"orphan":{"a":[1]},"project":"home","reviewed":"20300101T000000Z","status":"pending",` +
		`"uuid":"` + task1.String() + `"}`
	up, err := merge.ParseUpload([][]byte{[]byte(line)}, convert.NewTypes(map[string]convert.Type{"reviewed": convert.Date}))
	require.NoError(t, err)
	r := mergeOne(t, st, up.Versions...)
	require.Equal(t, with(current, "estimate", "2h", "reviewed", "1893456000"), r.Task)
	require.Equal(t, []codec.Op{set(task1, "estimate", "2h", 150), set(task1, "reviewed", "1893456000", 150)}, r.Ops)
}

// TestRule5RetryIsIdempotent: a 2.x client that repeats an upload because it never saw
// the response gets the same result and no new operations.
func TestRule5RetryIsIdempotent(t *testing.T) {
	t.Parallel()
	newTask := version(task1, with(pending(150), "tag_a", "x", "tags", "a", "annotation_150", "note"))
	edited := version(task1, with(pending(150), "description", "buy oat milk"))
	initial := with(pending(200), "tag_x", "x", "tags", "x")
	later := version(task1, with(pending(250), "description", "buy oat milk"))
	tests := []struct {
		name     string
		state    merge.State
		versions []merge.Version
	}{
		{"NewTask", merge.State{}, []merge.Version{newTask}},
		{"NewTaskTwoVersions", merge.State{}, []merge.Version{newTask, version(task1, with(newTask.Task, "modified", epoch(160), "tag_a", "", "tags", ""))}},
		{"KnownBase", merge.State{Base: pending(100), Current: with(pending(200), "project", "work"), CurrentTimes: timesWith(times(pending(100), 100), 200, "project", "modified")}, []merge.Version{edited}},
		{"SyncInit", merge.State{Current: initial, CurrentTimes: times(initial, 200)}, []merge.Version{later}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			first := mergeOne(t, tt.state, tt.versions...)
			require.NotEmpty(t, first.Ops)
			// The lost-response retry of a new task: no base, the task exists now.
			next := apply(t, task1, tt.state, first.Ops)
			next.Base = nil
			retry := merge.MergeTask(task1, next, tt.versions)
			require.Empty(t, retry.Ops)
			require.Equal(t, first.Task, retry.Task)
		})
	}
}

// TestRule5SyncInitIntoNonEmptyAccount: `task sync init` against a non-empty account
// merges property by property by time; what the client lacks is kept.
func TestRule5SyncInitIntoNonEmptyAccount(t *testing.T) {
	t.Parallel()
	current := with(pending(300), "description", "from 3.x", "tag_x", "x", "tags", "x", "due", epoch(900))
	cur := times(current, 100)
	cur["description"] = at(300)
	cur["priority"] = at(250) // removed on the server at 250
	client := with(pending(200), "project", "garden", "priority", "H", "tag_y", "x", "tags", "y")
	r := mergeOne(t, merge.State{Current: current, CurrentTimes: cur}, version(task1, client))
	require.Equal(t, with(current, "project", "garden", "tag_y", "x", "tags", "x,y"), r.Task)
	require.True(t, r.Echo)
}

// changedProps lists the properties whose value differs between a and b.
func changedProps(a, b convert.TaskMap) []string {
	var props []string
	for p, v := range a {
		if w, ok := b[p]; !ok || w != v {
			props = append(props, p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			props = append(props, p)
		}
	}
	slices.Sort(props)
	return props
}
