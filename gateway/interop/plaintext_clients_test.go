package interop

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPlaintextTaskwarrior3AndPython: on a plaintext account made with `taskgate account add
// --plaintext --json`, Taskwarrior 3.5 and a TaskChampion replica add tasks with a project, tags,
// a priority, a due date and a UDA of every type, annotate, complete and delete them, and each
// sees the other's work. Then `taskgate account export` equals Taskwarrior 3.5's `task export`
// (exportMatches).
func TestPlaintextTaskwarrior3AndPython(t *testing.T) {
	t.Parallel()
	eachStore(t, testPlaintextClients)
}

func testPlaintextClients(t *testing.T, storeArgs []string) {
	srv := startServer(t, storeArgs)
	sb := newSandbox(t)
	acct := srv.addPlaintext(t, "household")
	tw, py := newTW3(t, sb, "tw", acct.account, udaRC()...), newReplica(sb, "py", acct.account)
	if t.Run("both see each other's tasks", func(t *testing.T) { plaintextRoundTrip(t, tw, py) }) {
		t.Run("account export equals task export", func(t *testing.T) { exportMatches(t, srv, acct.name, tw) })
	}
}

func plaintextRoundTrip(t *testing.T, tw *tw3, py *replica) {
	tw.task(t, "add", "pay rent", "project:home", "+bills", "+monthly", "due:2030-01-02", "priority:H",
		"estimate:3h", "size:4", "reviewed:2026-01-01", "effort:PT2H")
	tw.task(t, "add", "call plumber", "+home")
	tw.sync(t)
	py.sync(t)
	rent := findByDescription(t, py.synced(t), "pay rent")
	require.Equal(t, "home", deref(rent.task.Project))
	require.Equal(t, "H", deref(rent.task.Priority))
	require.Equal(t, []string{"bills", "monthly"}, rent.task.Tags)
	require.Equal(t, "1893542400", deref(rent.task.Due), "due:2030-01-02 (UTC) in epoch seconds")
	require.Equal(t, map[string]string{"estimate": "3h", "size": "4", "reviewed": "1767225600", "effort": "PT2H"},
		rent.task.UDAs, "the UDAs of Taskwarrior's task, as the replica holds them")
	plumber := findByDescription(t, py.synced(t), "call plumber")

	paint := py.add(t, "buy paint", "project=house", "+diy", "priority=M", "due=1924992000",
		"estimate=2h", "size=7", "reviewed=1767225600", "effort=PT30M")
	py.edit(t, rent.uuid, "annotate=paid online")
	py.edit(t, plumber.uuid, "done")
	py.sync(t)
	tw.sync(t)
	got := tw.exportAll(t)
	require.Contains(t, got, paint, "Taskwarrior lacks the replica's task")
	checkPaint(t, got[paint])
	require.Equal(t, []string{"paid online"}, annotationTexts(got[rent.uuid]))
	require.Equal(t, "completed", got[plumber.uuid]["status"])

	tw.task(t, paint, "annotate", "at the hardware store")
	tw.task(t, paint, "done")
	tw.task(t, plumber.uuid, "delete")
	tw.sync(t)
	py.sync(t)
	mine := py.synced(t)
	require.Equal(t, []string{"at the hardware store"}, mine[paint].Annotations)
	require.Equal(t, "completed", mine[paint].Status)
	require.Equal(t, "deleted", mine[plumber.uuid].Status)
	sameTasks(t, tw.exportAll(t), mine)
}

// checkPaint checks how Taskwarrior 3.5 shows the replica's task "buy paint".
func checkPaint(t *testing.T, task map[string]any) {
	t.Helper()
	want := map[string]any{
		"description": "buy paint", "project": "house", "priority": "M", "status": "pending",
		"due": "20310101T000000Z", "estimate": "2h", "size": 7.0,
		"reviewed": "20260101T000000Z", "effort": "PT30M",
	}
	for key, value := range want {
		require.Equal(t, value, task[key], "%s of the replica's task in Taskwarrior: %v", key, task)
	}
	require.Equal(t, []string{"diy"}, tagList(task))
}

// sameTasks requires that Taskwarrior's export and the replica hold the same tasks with the same
// values, compared as the task map stores them.
func sameTasks(t *testing.T, exported exportedTasks, replica map[string]pyTask) {
	t.Helper()
	want := map[string]pyTask{}
	for id, task := range exported {
		want[id] = asPyTask(t, task)
	}
	require.Equal(t, want, replica, "Taskwarrior 3.5 (want) and the TaskChampion replica (got) differ")
}

// asPyTask converts a task of `task export` to what tc.py dump prints for it.
func asPyTask(t *testing.T, task map[string]any) pyTask {
	t.Helper()
	p := pyTask{
		Description: task["description"].(string),
		Status:      task["status"].(string),
		Tags:        sorted(tagList(task)),
		Annotations: sorted(annotationTexts(task)),
		UDAs:        map[string]string{},
	}
	p.Project, p.Priority = optional(t, task, "project"), optional(t, task, "priority")
	p.Due, p.End = optional(t, task, "due"), optional(t, task, "end")
	for name := range udaTypes {
		if v, ok := task[name]; ok {
			p.UDAs[name] = storedForm(t, name, v)
		}
	}
	return p
}

// sorted returns a sorted copy, never nil (tc.py prints [] for none).
func sorted(list []string) []string {
	out := append([]string{}, list...)
	slices.Sort(out)
	return out
}

// optional returns the stored form of an attribute, or nil when the task lacks it.
func optional(t *testing.T, task map[string]any, name string) *string {
	t.Helper()
	v, ok := task[name]
	if !ok {
		return nil
	}
	s := storedForm(t, name, v)
	return &s
}
