package interop

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTaskdTwoDevices: two Taskwarrior 2.6 devices of one plaintext account sync through
// taskgate's taskd listener: A with taskd.trust=strict against localhost:PORT, B strict against
// 127.0.0.1:PORT (both names are in the server certificate). They add (project, tags, priority,
// due date, UDAs of every type), modify, annotate, complete, delete, and add and complete a
// weekly recurring task; after each exchange both export the same tasks, apart from id and
// urgency. Then a fresh third device C (taskd.trust=ignore hostname) with a task of its own runs
// `task sync init` against the non-empty account: its task is merged in, it gets every task of
// the account, and A and B get its task.
func TestTaskdTwoDevices(t *testing.T) {
	t.Parallel()
	eachStore(t, testTaskdTwoDevices)
}

func testTaskdTwoDevices(t *testing.T, storeArgs []string) {
	srv := startTaskdServer(t, storeArgs)
	acct := srv.addTaskdAccount(t, "household")
	port := srv.taskdPort(t)
	a := newTW2(t, "A", with(acct.taskrc2, "taskd.server", "localhost:"+port, "taskd.trust", "strict"))
	b := newTW2(t, "B", with(srv.addDevice(t, acct.name, "b"), "taskd.server", "127.0.0.1:"+port, "taskd.trust", "strict"))

	addOnA(t, a)
	a.sync(t)
	b.sync(t)
	requireSameExport(t, "A", a.exportAll(t), "B", b.exportAll(t))

	editOnB(t, b)
	b.sync(t)
	a.sync(t)
	checkBsEdits(t, a.exportAll(t))
	requireSameExport(t, "B", b.exportAll(t), "A", a.exportAll(t))

	rent := a.uuidOf(t, "pay rent")
	a.task(t, rent, "modify", "due:2030-02-01", "reviewed:2026-03-01", "effort:PT3H")
	a.task(t, a.uuidOf(t, "call plumber"), "annotate", "came on Tuesday")
	a.sync(t)
	b.sync(t)
	requireSameExport(t, "A", a.exportAll(t), "B", b.exportAll(t))

	c := newTW2(t, "C", with(srv.addDevice(t, acct.name, "c"), "taskd.trust", "ignore hostname"))
	syncInitOnC(t, c, a)
	a.sync(t)
	b.sync(t)
	requireSameExport(t, "C", c.exportAll(t), "A", a.exportAll(t))
	requireSameExport(t, "C", c.exportAll(t), "B", b.exportAll(t))
}

// addOnA adds the tasks of the scenario on A, and runs a report so that the instance of the
// recurring task exists before the sync (see settle).
func addOnA(t *testing.T, a *tw2) {
	t.Helper()
	a.task(t, "add", "pay rent", "project:home", "+bills", "priority:H", "due:2030-01-02",
		"estimate:3h", "size:4", "reviewed:2026-01-01", "effort:PT2H")
	a.task(t, "add", "call plumber", "+home")
	a.task(t, "add", "old idea")
	a.task(t, "add", "water plants", "recur:weekly", "due:2030-01-06", "+garden")
	a.settle(t)
	require.Len(t, a.exportAll(t), 5, "four tasks and the first instance of the recurring one")
}

// editOnB modifies, annotates, completes and deletes on B, and completes the recurring task's
// instance (the next is due in 2030, so no device creates it yet).
func editOnB(t *testing.T, b *tw2) {
	t.Helper()
	tasks := b.exportAll(t)
	rent := tasks.byDescription(t, "pay rent")["uuid"].(string)
	b.task(t, rent, "modify", "priority:M", "+urgent", "estimate:4h", "size:5")
	b.task(t, rent, "annotate", "paid online")
	b.task(t, tasks.byDescription(t, "call plumber")["uuid"].(string), "done")
	b.task(t, tasks.byDescription(t, "old idea")["uuid"].(string), "delete")
	b.task(t, instance(t, tasks, 0)["uuid"].(string), "done")
	b.settle(t)
}

// checkBsEdits checks that A has every edit B made.
func checkBsEdits(t *testing.T, tasks exportedTasks) {
	t.Helper()
	rent := tasks.byDescription(t, "pay rent")
	require.Equal(t, "M", rent["priority"], "priority: %v", rent)
	require.Equal(t, []string{"bills", "urgent"}, tagList(rent))
	require.Equal(t, "4h", rent["estimate"])
	require.Equal(t, 5.0, rent["size"])
	require.Equal(t, []string{"paid online"}, annotationTexts(rent))
	require.Equal(t, "completed", tasks.byDescription(t, "call plumber")["status"])
	require.Equal(t, "deleted", tasks.byDescription(t, "old idea")["status"])
	require.Equal(t, "completed", instance(t, tasks, 0)["status"], "the first instance of the recurring task")
	require.Equal(t, "+", tasks.byDescription(t, "water plants", "recurring")["mask"],
		"the recurring task's mask should record its completed instance")
}

// instance returns the recurring task's instance with the given index (imask).
func instance(t *testing.T, tasks exportedTasks, index float64) map[string]any {
	t.Helper()
	for _, task := range tasks {
		if task["parent"] != nil && task["imask"] == index {
			return task
		}
	}
	t.Fatalf("no instance %v of a recurring task in %v", index, tasks)
	return nil
}

// syncInitOnC gives C a task of its own, runs `task sync init` against the non-empty account and
// requires that C then has every task A has plus its own.
func syncInitOnC(t *testing.T, c, a *tw2) {
	t.Helper()
	c.task(t, "add", "from the new laptop", "+laptop", "size:1")
	mine := c.uuidOf(t, "from the new laptop")
	c.sync(t, "init")
	got, want := c.exportAll(t), a.exportAll(t)
	require.Len(t, got, len(want)+1, "C after sync init: every task of the account and its own")
	for id := range want {
		require.Contains(t, got, id, "C lacks a task of the account after sync init")
	}
	require.Equal(t, []string{"laptop"}, tagList(got[mine]))
}
