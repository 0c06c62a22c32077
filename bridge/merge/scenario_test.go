package merge_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
	"github.com/taskgate/taskgate/champion/codec"
)

// chain is the account's task state along its version chain, as the store keeps it.
type chain struct {
	t        *testing.T
	versions []map[uuid.UUID]merge.State // per version: Current and CurrentTimes
}

// newChain returns an empty chain: version 0 has no tasks.
func newChain(t *testing.T) *chain {
	return &chain{t: t, versions: []map[uuid.UUID]merge.State{{}}}
}

// sync merges versions uploaded with sync key key, appends the ops as a new version and
// returns the output and the new key.
func (c *chain) sync(key int, versions ...merge.Version) (merge.Output, int) {
	c.t.Helper()
	head := c.versions[len(c.versions)-1]
	in := merge.Input{Versions: versions, Tasks: map[uuid.UUID]merge.State{}}
	for id, st := range head {
		in.Tasks[id] = merge.State{Base: c.versions[key][id].Current, Current: st.Current, CurrentTimes: st.CurrentTimes}
	}
	out := merge.Merge(in)
	next := make(map[uuid.UUID]merge.State, len(head)+len(out.Results))
	for id, st := range head {
		next[id] = st
	}
	for _, r := range out.Results {
		next[r.UUID] = apply(c.t, r.UUID, in.Tasks[r.UUID], r.Ops)
		require.Equal(c.t, r.Task, next[r.UUID].Current)
	}
	c.versions = append(c.versions, next)
	return out, len(c.versions) - 1
}

// TestTaskdTwoClientTrace is taskd.md §5.5a in these terms: the chain replaces tx.data
// and the merge replaces merge_sort; B's concurrent project edit and A's description edit
// both survive, modified is the later of the two.
func TestTaskdTwoClientTrace(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	t1v1 := with(pending(100), "project", "one")
	t2v1 := with(pending(100), "description", "second")

	// 1. A: task sync init on an empty account.
	out, k1 := c.sync(0, version(task1, t1v1), version(task2, t2v1))
	require.Len(t, out.Results, 2)
	require.Equal(t, codec.Create(task1), out.Ops[0])
	require.False(t, out.Results[0].Echo)
	require.False(t, out.Results[1].Echo)

	// 3. A edits T1's description at 200.
	t1v2 := with(t1v1, "description", "A's text", "modified", epoch(200))
	out, _ = c.sync(k1, version(task1, t1v2))
	require.Equal(t, []codec.Op{set(task1, "description", "A's text", 200), set(task1, "modified", epoch(200), 200)}, out.Ops)
	require.False(t, out.Results[0].Echo)

	// 4. B, still at K1, edits T1's project at 150.
	t1v3 := with(t1v1, "project", "two", "modified", epoch(150))
	out, _ = c.sync(k1, version(task1, t1v3))
	require.Equal(t, []codec.Op{set(task1, "project", "two", 150)}, out.Ops)
	m := with(t1v1, "description", "A's text", "project", "two", "modified", epoch(200))
	require.Equal(t, m, out.Results[0].Task)
	require.True(t, out.Results[0].Echo, "B must receive the merged task")
}

// TestNewTask: a task that does not exist is created from the client's last version,
// every property dated by the version that set it.
func TestNewTask(t *testing.T) {
	t.Parallel()
	v1 := version(task1, with(pending(150), "tag_b", "x", "tag_a", "x", "tags", "a,b"))
	v2 := version(task1, with(v1.Task, "project", "garden", "modified", epoch(160)))
	r := mergeOne(t, merge.State{}, v1, v2)
	require.Equal(t, []codec.Op{
		codec.Create(task1),
		set(task1, "description", "buy milk", 150),
		set(task1, "entry", epoch(100), 150),
		set(task1, "modified", epoch(160), 160),
		set(task1, "project", "garden", 160),
		set(task1, "status", "pending", 150),
		set(task1, "tag_a", "x", 150),
		set(task1, "tag_b", "x", 150),
		set(task1, "tags", "a,b", 150),
	}, r.Ops)
	require.Equal(t, v2.Task, r.Task)
	require.False(t, r.Echo)
}

// TestPurgedTaskIsCreatedAgain: a task purged on the server meanwhile comes back in full.
func TestPurgedTaskIsCreatedAgain(t *testing.T) {
	t.Parallel()
	base := pending(100)
	client := with(base, "description", "still needed", "modified", epoch(200))
	r := mergeOne(t, merge.State{Base: base}, version(task1, client))
	require.Equal(t, codec.Create(task1), r.Ops[0])
	require.Equal(t, client, r.Task)
	require.False(t, r.Echo)
}

// TestDeletedOn2xEditedOn3x: a 2.x delete is a status change, merged like any other; the
// 3.x edit of another property survives and no Delete is emitted.
func TestDeletedOn2xEditedOn3x(t *testing.T) {
	t.Parallel()
	base := pending(100)
	current := with(base, "description", "renamed on 3.x", "modified", epoch(300))
	st := merge.State{Base: base, Current: current, CurrentTimes: timesWith(times(base, 100), 300, "description", "modified")}
	client := with(base, "status", "deleted", "end", epoch(250), "modified", epoch(250))
	r := mergeOne(t, st, version(task1, client))
	require.Equal(t, []codec.Op{set(task1, "end", epoch(250), 250), set(task1, "status", "deleted", 250)}, r.Ops)
	require.Equal(t, with(current, "status", "deleted", "end", epoch(250)), r.Task)
	require.True(t, r.Echo)
}

// TestMultipleVersionsInOneUpload: each property is dated by the version that changed it,
// so a server change between two client edits wins over the earlier one only.
func TestMultipleVersionsInOneUpload(t *testing.T) {
	t.Parallel()
	base := pending(100)
	current := with(base, "description", "server", "project", "server", "modified", epoch(175))
	st := merge.State{Base: base, Current: current, CurrentTimes: timesWith(times(base, 100), 175, "description", "project", "modified")}
	v1 := version(task1, with(base, "description", "client v1", "modified", epoch(150)))
	v2 := version(task1, with(v1.Task, "project", "client v2", "modified", epoch(200)))
	v3 := version(task1, with(v2.Task, "priority", "H", "modified", epoch(210)))
	r := mergeOne(t, st, v1, v2, v3)
	require.Equal(t, []codec.Op{
		set(task1, "modified", epoch(210), 210),
		set(task1, "priority", "H", 210),
		set(task1, "project", "client v2", 200),
	}, r.Ops)
	require.Equal(t, "server", r.Task["description"])
	require.True(t, r.Echo)
}

// TestChangedAndRevertedIsNoChange: a property the client changed and changed back within
// one upload is not a change.
func TestChangedAndRevertedIsNoChange(t *testing.T) {
	t.Parallel()
	base := pending(100)
	current := with(base, "project", "server", "modified", epoch(150))
	st := merge.State{Base: base, Current: current, CurrentTimes: timesWith(times(base, 100), 150, "project", "modified")}
	v1 := version(task1, with(base, "project", "tmp", "modified", epoch(200)))
	v2 := version(task1, with(base, "modified", epoch(210)))
	r := mergeOne(t, st, v1, v2)
	require.Equal(t, "server", r.Task["project"])
	require.Equal(t, []codec.Op{set(task1, "modified", epoch(210), 210)}, r.Ops)
}

// TestModified: modified ends up as the later of both sides.
func TestModified(t *testing.T) {
	t.Parallel()
	base := pending(100)
	tests := []struct {
		name    string
		current string
		client  string
		want    string
	}{
		{"ClientLater", epoch(200), epoch(300), epoch(300)},
		{"ServerLater", epoch(300), epoch(200), epoch(300)},
		{"Equal", epoch(300), epoch(300), epoch(300)},
		{"ServerMissing", "", epoch(200), epoch(200)},
		{"ServerGarbage", "soon", epoch(200), epoch(200)},
		{"ClientGarbage", epoch(200), "soon", epoch(200)},
		{"ClientMissing", epoch(200), "", epoch(200)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			current := with(base, "modified", tt.current)
			client := with(base, "modified", tt.client, "project", "x")
			v := merge.Version{UUID: task1, Task: client, Modified: at(250)}
			r := mergeOne(t, merge.State{Base: base, Current: current, CurrentTimes: times(current, 100)}, v)
			require.Equal(t, tt.want, r.Task["modified"])
		})
	}
}

// TestMergeOrder: results and ops follow the first appearance of each task in the
// upload; a task's later versions are merged with its earlier ones.
func TestMergeOrder(t *testing.T) {
	t.Parallel()
	b1 := version(task2, with(pending(150), "description", "b"))
	a1 := version(task1, pending(160))
	b2 := version(task2, with(b1.Task, "project", "later", "modified", epoch(170)))
	out := merge.Merge(merge.Input{
		Versions: []merge.Version{b1, a1, b2},
		Tasks:    map[uuid.UUID]merge.State{task1: {Base: pending(100), Current: pending(100), CurrentTimes: times(pending(100), 100)}},
	})
	require.Len(t, out.Results, 2)
	require.Equal(t, task2, out.Results[0].UUID)
	require.Equal(t, task1, out.Results[1].UUID)
	require.Equal(t, b2.Task, out.Results[0].Task)
	require.Equal(t, append(append([]codec.Op(nil), out.Results[0].Ops...), out.Results[1].Ops...), out.Ops)
	require.Equal(t, codec.Create(task2), out.Ops[0])
	require.Equal(t, []codec.Op{set(task1, "modified", epoch(160), 160)}, out.Results[1].Ops)
}

// TestNoVersions: a task without versions is left as it is.
func TestNoVersions(t *testing.T) {
	t.Parallel()
	r := merge.MergeTask(task1, merge.State{Current: pending(100)}, nil)
	require.Equal(t, pending(100), r.Task)
	require.Empty(t, r.Ops)
	require.Empty(t, merge.Merge(merge.Input{}).Results)
}

// TestEcho: the client is sent the result only when it differs in what a 2.x client sees.
func TestEcho(t *testing.T) {
	t.Parallel()
	base := pending(100)
	emptyValue := with(base)
	emptyValue["scheduled"] = ""
	tests := []struct {
		name    string
		current convert.TaskMap
		want    bool
	}{
		{"Same", base, false},
		{"EmptyValueOnServer", emptyValue, false},
		{"StaleMirrorOnServer", with(base, "tags", "ghost"), false},
		{"OtherProperty", with(base, "project", "work"), true},
		{"ExtraTag", with(base, "tag_x", "x", "tags", "x"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := merge.State{Current: tt.current, CurrentTimes: times(tt.current, 300)}
			r := mergeOne(t, st, version(task1, base))
			require.Equal(t, tt.want, r.Echo)
		})
	}
}
