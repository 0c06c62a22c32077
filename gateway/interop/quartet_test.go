package interop

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// quartet is one plaintext account with two Taskwarrior 2.6 devices (taskd) and two Taskwarrior
// 3.5 devices (TaskChampion), the devices of a household that moves from 2.x to 3.x one machine
// at a time.
type quartet struct {
	srv  *server
	acct plainAccount
	twos [2]*tw2
	thrs [2]*tw3
}

// newQuartet starts a server on the store, makes the account and its four devices; rc adds
// .taskrc lines (uda.NAME.type=TYPE) to every device. Every device also declares udaTypes.
func newQuartet(t *testing.T, storeArgs []string, rc ...string) *quartet {
	t.Helper()
	srv := startTaskdServer(t, storeArgs)
	sb := newSandbox(t)
	acct := srv.addTaskdAccount(t, "household")
	extra := map[string]string{}
	for _, line := range rc {
		key, value, ok := cutSetting(line)
		require.True(t, ok, "rc line %q", line)
		extra[key] = value
	}
	q := &quartet{srv: srv, acct: acct}
	q.twos[0] = newTW2(t, "A", mergeSettings(acct.taskrc2, extra))
	q.twos[1] = newTW2(t, "B", mergeSettings(srv.addDevice(t, acct.name, "b"), extra))
	q.thrs[0] = newTW3(t, sb, "C", acct.account, append(udaRC(), rc...)...)
	q.thrs[1] = newTW3(t, sb, "D", acct.account, append(udaRC(), rc...)...)
	return q
}

// cutSetting splits "key=value".
func cutSetting(line string) (string, string, bool) {
	for i := range len(line) {
		if line[i] == '=' {
			return line[:i], line[i+1:], i > 0
		}
	}
	return "", "", false
}

// mergeSettings returns a copy of settings with extra added.
func mergeSettings(settings, extra map[string]string) map[string]string {
	out := with(settings, "taskd.trust", "ignore hostname")
	for k, v := range extra {
		out[k] = v
	}
	return out
}

// device is one of the four devices, for steps every client generation takes alike.
type device interface {
	task(t *testing.T, args ...string) string
	exportAll(t *testing.T) exportedTasks
}

// devices returns the four devices with their names: A and B (2.6), C and D (3.5).
func (q *quartet) devices() ([]string, []device) {
	return []string{"A (2.6)", "B (2.6)", "C (3.5)", "D (3.5)"},
		[]device{q.twos[0], q.twos[1], q.thrs[0], q.thrs[1]}
}

// syncOne syncs device i (0 A, 1 B, 2 C, 3 D).
func (q *quartet) syncOne(t *testing.T, i int) {
	t.Helper()
	if i < 2 {
		q.twos[i].sync(t)
		return
	}
	q.thrs[i-2].sync(t)
}

// syncRounds syncs every device in the given order, rounds times.
func (q *quartet) syncRounds(t *testing.T, rounds int, order ...int) {
	t.Helper()
	if len(order) == 0 {
		order = []int{0, 1, 2, 3}
	}
	for range rounds {
		for _, i := range order {
			q.syncOne(t, i)
		}
	}
}

// requireSame requires every device's `task export` to equal A's on every field but id and
// urgency, and returns A's.
func (q *quartet) requireSame(t *testing.T) exportedTasks {
	t.Helper()
	names, devs := q.devices()
	want := devs[0].exportAll(t)
	for i := 1; i < len(devs); i++ {
		requireSameExport(t, names[0], want, names[i], devs[i].exportAll(t))
	}
	return want
}
