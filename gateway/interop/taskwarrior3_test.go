package interop

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTaskwarrior3SyncBothWays: two Taskwarrior 3.5 installations on one client id; a task added
// on the first reaches the second, which modifies, annotates and completes it; the first sees
// all of it.
func TestTaskwarrior3SyncBothWays(t *testing.T) {
	t.Parallel()
	eachStore(t, testTaskwarrior3SyncBothWays)
}

func testTaskwarrior3SyncBothWays(t *testing.T, storeArgs []string) {
	srv := startServer(t, storeArgs)
	sb := newSandbox(t)
	acct := newAccount(t, srv)
	one, two := newTW3(t, sb, "one", acct), newTW3(t, sb, "two", acct)

	one.task(t, "add", "pay rent", "project:home", "+bills", "due:tomorrow")
	one.sync(t)
	two.sync(t)
	rent, ok := two.export(t)["pay rent"]
	require.True(t, ok, "the second Taskwarrior does not have the task: %+v", two.export(t))
	require.Equal(t, "home", rent.Project)
	require.Equal(t, []string{"bills"}, rent.Tags)

	two.task(t, rent.UUID, "modify", "priority:H")
	two.task(t, rent.UUID, "annotate", "paid online")
	two.task(t, rent.UUID, "done")
	two.sync(t)
	one.sync(t)
	got := one.export(t)["pay rent"]
	require.Equal(t, rent.UUID, got.UUID)
	require.Equal(t, "completed", got.Status)
	require.Equal(t, "H", got.Priority)
	require.Len(t, got.Annotations, 1)
	require.Equal(t, "paid online", got.Annotations[0].Description)
	require.Equal(t, two.export(t), one.export(t), "the two Taskwarriors differ")
}

// TestTaskwarrior3AndPythonReplica: Taskwarrior 3.5 and a TaskChampion replica on one client id
// see each other's tasks and changes.
func TestTaskwarrior3AndPythonReplica(t *testing.T) {
	t.Parallel()
	eachStore(t, testTaskwarrior3AndPython)
}

func testTaskwarrior3AndPython(t *testing.T, storeArgs []string) {
	srv := startServer(t, storeArgs)
	sb := newSandbox(t)
	acct := newAccount(t, srv)
	tw, py := newTW3(t, sb, "tw", acct), newReplica(sb, "py", acct)

	tw.task(t, "add", "from taskwarrior", "project:mixed")
	tw.sync(t)
	py.sync(t)
	fromTW := findByDescription(t, py.synced(t), "from taskwarrior")
	require.Equal(t, "mixed", deref(fromTW.task.Project))
	require.Equal(t, "pending", fromTW.task.Status)

	fromPy := py.add(t, "from python", "+py")
	py.edit(t, fromTW.uuid, "annotate=seen by python")
	py.sync(t)
	tw.sync(t)
	exported := tw.export(t)
	require.Equal(t, fromPy, exported["from python"].UUID)
	require.Equal(t, []string{"py"}, exported["from python"].Tags)
	require.Len(t, exported["from taskwarrior"].Annotations, 1)
	require.Equal(t, "seen by python", exported["from taskwarrior"].Annotations[0].Description)

	tw.task(t, fromPy, "done")
	tw.sync(t)
	py.sync(t)
	require.Equal(t, "completed", py.synced(t)[fromPy].Status)
}

type foundTask struct {
	uuid string
	task pyTask
}

func findByDescription(t *testing.T, tasks map[string]pyTask, description string) foundTask {
	t.Helper()
	for id, task := range tasks {
		if task.Description == description {
			return foundTask{uuid: id, task: task}
		}
	}
	t.Fatalf("no task %q among %+v", description, tasks)
	return foundTask{}
}
