package interop

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestBackupRestoreRoundTrip: the devices of a plaintext household (Taskwarrior 2.6 over taskd
// and 3.5) and of an encrypted account (3.5) sync; a backup is taken while a third account's 3.5
// device keeps syncing (SQLite: `taskgate backup`; PostgreSQL: pg_dump and a copy of the PKI
// directory, as the README says). The server is stopped, its store restored into a new one
// (`taskgate restore`; pg_restore after the schema is dropped) and served at the same addresses.
// Then the same household and encrypted devices sync with it and find every task, go on
// syncing both ways, and a new device of the busy account finds every task that was synced
// before the backup began. Devices that synced after the backup follow the README: the 2.6
// device runs `task sync init`, the busy 3.5 device (whose sync now fails) exports its tasks,
// starts a new replica from the server and imports them; then nothing they added is lost.
func TestBackupRestoreRoundTrip(t *testing.T) {
	t.Parallel()
	eachStore(t, testBackupRestore)
}

func testBackupRestore(t *testing.T, storeArgs []string) {
	srv := startTaskdServer(t, storeArgs)
	sb := newSandbox(t)
	acct := srv.addTaskdAccount(t, "household")
	h := household{
		two:   newTW2(t, "2.6", with(acct.taskrc2, "taskd.trust", "strict")),
		three: newTW3(t, sb, "3.5", acct.account, udaRC()...),
	}
	encAcct := newAccount(t, srv)
	enc := newTW3(t, sb, "enc", encAcct)
	before := fillBeforeBackup(t, h, enc)

	busyAcct := newAccount(t, srv)
	busy := startBusy(sb, newTW3(t, sb, "busy", busyAcct))
	busy.waitSyncs(t, 2)
	began := time.Now()
	saved := takeBackup(t, srv)
	busy.waitSyncs(t, busy.synced()+1)
	busyTasks := busy.stop(t)
	h.two.task(t, "add", "added on 2.6 after the backup")
	h.two.sync(t)

	srv.stop(t)
	srv.serveStore(t, restoreBackup(t, srv, saved))

	h.two.sync(t)
	h.two.sync(t, "init") // the README's advice for a 2.x device that synced after the backup
	h.syncTwice(t, false)
	h.requireSame(t)
	requireDescriptions(t, h.three.exportAll(t), append(before.household, "added on 2.6 after the backup")...)
	enc.sync(t)
	requireDescriptions(t, enc.exportAll(t), before.encrypted...)
	syncOnAfterRestore(t, sb, h, enc, encAcct)
	requireBusyTasks(t, newTW3(t, sb, "busy-new", busyAcct), busyTasks, began)
	rejoin(t, sb, busy.w, "busy")
	requireAllBusyTasks(t, newTW3(t, sb, "busy-rejoined", busyAcct), busyTasks)
}

// rejoin follows the README's advice for a Taskwarrior 3 device that synced after the backup:
// its sync now fails; export, start a new replica from the server, import, sync.
func rejoin(t *testing.T, sb *sandbox, w *tw3, name string) {
	t.Helper()
	res := sb.run(w.home, "task", "sync")
	require.Error(t, res.err, "a device ahead of the restored server synced:\n%s", res)
	exported := w.task(t, "export")
	host := filepath.Join(sb.host, "tw-"+name)
	require.NoError(t, os.WriteFile(filepath.Join(host, "tasks.json"), []byte(exported), 0o644))
	db := filepath.Join(host, "data", "taskchampion.sqlite3")
	require.FileExists(t, db)
	require.NoError(t, os.Rename(db, db+".before-restore"))
	w.sync(t)
	w.task(t, "import", w.home+"/tasks.json")
	w.sync(t)
}

// requireAllBusyTasks requires a new device to hold every task the busy device added.
func requireAllBusyTasks(t *testing.T, fresh *tw3, added []busyTask) {
	t.Helper()
	fresh.sync(t)
	got := fresh.exportAll(t)
	require.Len(t, got, len(added))
	for _, task := range added {
		got.byDescription(t, task.description)
	}
}

// tasksBefore are the descriptions of the tasks synced before the backup.
type tasksBefore struct {
	household []string
	encrypted []string
}

// fillBeforeBackup adds tasks on every device and syncs until the household agrees.
func fillBeforeBackup(t *testing.T, h household, enc *tw3) tasksBefore {
	t.Helper()
	h.two.task(t, "add", "water plants", "project:home", "+garden", "due:2030-05-01", "size:3")
	h.two.task(t, "add", "renew passport")
	h.three.task(t, "add", "paint fence", "project:house", "priority:H", "estimate:2h")
	h.three.task(t, "add", "call grandma", "+family")
	h.syncTwice(t, false)
	h.two.task(t, h.two.uuidOf(t, "paint fence"), "annotate", "buy white paint")
	h.three.task(t, h.uuid(t, "renew passport"), "done")
	h.syncTwice(t, false)
	h.requireSame(t)

	enc.task(t, "add", "private one", "project:me")
	enc.task(t, "add", "private two")
	enc.sync(t)
	return tasksBefore{
		household: []string{"water plants", "renew passport", "paint fence", "call grandma"},
		encrypted: []string{"private one", "private two"},
	}
}

// syncOnAfterRestore checks that the restored server takes new work from the same devices and
// from a new device of the encrypted account.
func syncOnAfterRestore(t *testing.T, sb *sandbox, h household, enc *tw3, encAcct account) {
	t.Helper()
	h.two.task(t, "add", "after restore on 2.6")
	h.three.task(t, "add", "after restore on 3.5")
	h.syncTwice(t, false)
	h.requireSame(t)
	requireDescriptions(t, h.two.exportAll(t), "after restore on 2.6", "after restore on 3.5", "water plants")

	enc.task(t, "add", "private after restore")
	enc.sync(t)
	fresh := newTW3(t, sb, "enc-new", encAcct)
	fresh.sync(t)
	requireDescriptions(t, fresh.exportAll(t), "private one", "private two", "private after restore")
}

// requireBusyTasks requires a new device of the busy account to hold every task whose sync
// ended before the backup began, and no task that was never added.
func requireBusyTasks(t *testing.T, fresh *tw3, added []busyTask, began time.Time) {
	t.Helper()
	fresh.sync(t)
	got := fresh.exportAll(t)
	descriptions := map[any]bool{}
	for _, task := range got {
		descriptions[task["description"]] = true
	}
	kept := 0
	for _, task := range added {
		if !task.synced.IsZero() && task.synced.Before(began) {
			require.True(t, descriptions[task.description], "%q was synced before the backup began, and is lost", task.description)
		}
		if descriptions[task.description] {
			kept++
		}
	}
	require.Len(t, got, kept, "the restored account holds tasks the busy device never added")
	t.Logf("busy device: %d tasks added, %d in the restored store", len(added), kept)
}

// requireDescriptions requires a task with each description.
func requireDescriptions(t *testing.T, tasks exportedTasks, descriptions ...string) {
	t.Helper()
	for _, d := range descriptions {
		tasks.byDescription(t, d)
	}
}

// busyTask is a task the busy device added, and when the sync after it ended (zero if it failed).
type busyTask struct {
	description string
	synced      time.Time
}

// busyDevice adds a task and syncs, over and over, in the background.
type busyDevice struct {
	w      *tw3
	done   chan struct{}
	result chan []busyTask
	syncs  atomic.Int64
	failed atomic.Bool
}

func startBusy(sb *sandbox, w *tw3) *busyDevice {
	b := &busyDevice{w: w, done: make(chan struct{}), result: make(chan []busyTask, 1)}
	go b.run(sb)
	return b
}

// run adds and syncs until stopped; a failed command ends it (stop reports the failure).
func (b *busyDevice) run(sb *sandbox) {
	var tasks []busyTask
	defer func() { b.result <- tasks }()
	for i := 1; ; i++ {
		select {
		case <-b.done:
			return
		default:
		}
		task := busyTask{description: fmt.Sprintf("busy %d", i)}
		if res := sb.run(b.w.home, "task", "add", task.description); res.err != nil {
			b.fail(&tasks, res)
			return
		}
		res := sb.run(b.w.home, "task", "sync")
		if res.err == nil {
			task.synced = time.Now()
		}
		tasks = append(tasks, task)
		if res.err != nil {
			b.fail(&tasks, res)
			return
		}
		b.syncs.Add(1)
	}
}

// fail records a failed command.
func (b *busyDevice) fail(tasks *[]busyTask, res result) {
	*tasks = append(*tasks, busyTask{description: "FAILED: " + res.String()})
	b.failed.Store(true)
}

// synced is the number of syncs done so far.
func (b *busyDevice) synced() int64 { return b.syncs.Load() }

// waitSyncs waits until n syncs are done.
func (b *busyDevice) waitSyncs(t *testing.T, n int64) {
	t.Helper()
	deadline := time.Now().Add(clientTimeout)
	for b.synced() < n && !b.failed.Load() {
		require.True(t, time.Now().Before(deadline), "the busy device did not reach %d syncs", n)
		time.Sleep(50 * time.Millisecond)
	}
}

// stop ends the device's work and returns the tasks it added; a failure fails the test.
func (b *busyDevice) stop(t *testing.T) []busyTask {
	t.Helper()
	close(b.done)
	tasks := <-b.result
	for _, task := range tasks {
		require.NotContains(t, task.description, "FAILED:", "the busy device failed")
	}
	return tasks
}
