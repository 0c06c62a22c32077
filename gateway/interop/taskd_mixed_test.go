package interop

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// editGap separates an earlier from a later edit: Taskwarrior 2.x records an edit's time as the
// task's modified, in whole seconds.
const editGap = 1500 * time.Millisecond

// household is one Taskwarrior 2.6 device (taskd) and one Taskwarrior 3.5 device (TaskChampion)
// on one plaintext account.
type household struct {
	two   *tw2
	three *tw3
}

// TestTaskdMixedHousehold: a Taskwarrior 2.6 device and a Taskwarrior 3.5 device share a
// plaintext account. Each phase ends after both devices synced twice; then both export the same
// tasks apart from id and urgency, and:
//   - tasks added on either side (project, tags, priority, due date, UDAs) appear on the other;
//   - concurrent edits of different properties of one task both survive; an edit of the same
//     property keeps the later one, whichever side made it; a tag added on each side keeps both;
//     annotations, done, delete and UDA changes cross in both directions (3.5 syncs first, so
//     the bridge merges the 2.6 upload on top of it);
//   - the same-property rule also holds when 2.6 syncs first and 3.5 rebases onto the bridge's
//     version.
func TestTaskdMixedHousehold(t *testing.T) {
	t.Parallel()
	eachStore(t, testTaskdMixedHousehold)
}

func testTaskdMixedHousehold(t *testing.T, storeArgs []string) {
	srv := startTaskdServer(t, storeArgs)
	sb := newSandbox(t)
	acct := srv.addTaskdAccount(t, "household")
	h := household{
		two:   newTW2(t, "2.6", with(acct.taskrc2, "taskd.trust", "strict")),
		three: newTW3(t, sb, "3.5", acct.account, udaRC()...),
	}
	h.scenario(t)
}

// scenario runs the household's three phases: tasks added on both sides, concurrent edits of
// different properties, edits of the same property.
func (h household) scenario(t *testing.T) {
	t.Helper()
	h.addOnBoth(t)
	h.syncTwice(t, false)
	h.requireSame(t)
	h.checkAdded(t)

	h.editConcurrently(t)
	h.syncTwice(t, true)
	h.requireSame(t)
	h.checkEdits(t)

	h.editSameProperty(t)
	h.syncTwice(t, false)
	h.requireSame(t)
	h.checkSameProperty(t)
}

// syncTwice syncs each device twice, alternating, 2.6 first unless threeFirst.
func (h household) syncTwice(t *testing.T, threeFirst bool) {
	t.Helper()
	for range 2 {
		if threeFirst {
			h.three.sync(t)
			h.two.sync(t)
		} else {
			h.two.sync(t)
			h.three.sync(t)
		}
	}
}

// requireSame requires equal exports on both devices, apart from id and urgency.
func (h household) requireSame(t *testing.T) {
	t.Helper()
	requireSameExport(t, "Taskwarrior 3.5", h.three.exportAll(t), "Taskwarrior 2.6", h.two.exportAll(t))
}

// uuid returns the uuid of a task by its description, as the 3.5 device knows it.
func (h household) uuid(t *testing.T, description string) string {
	t.Helper()
	return h.three.exportAll(t).byDescription(t, description)["uuid"].(string)
}

// task returns a task by its description, as the 2.6 device knows it.
func (h household) task(t *testing.T, description string) map[string]any {
	t.Helper()
	return h.two.exportAll(t).byDescription(t, description)
}

// pause waits for editGap, so the next edits are later than the ones before.
func pause() { time.Sleep(editGap) }

// addOnBoth adds three tasks on each side: one with every kind of value and two to be completed
// and deleted by the other side.
func (h household) addOnBoth(t *testing.T) {
	t.Helper()
	h.two.task(t, "add", "pay rent", "project:home", "+bills", "priority:H", "due:2030-01-02",
		"estimate:3h", "size:4", "reviewed:2026-01-01", "effort:PT2H")
	h.two.task(t, "add", "call plumber", "+home")
	h.two.task(t, "add", "old idea")
	h.three.task(t, "add", "buy paint", "project:house", "+diy", "priority:M", "due:2031-01-01",
		"estimate:2h", "size:7", "reviewed:2026-02-01", "effort:PT30M")
	h.three.task(t, "add", "book flights", "+travel")
	h.three.task(t, "add", "sell bike")
}

// checkAdded checks each side's rich task on the other side (requireSame covers the rest).
func (h household) checkAdded(t *testing.T) {
	t.Helper()
	require.Len(t, h.two.exportAll(t), 6)
	rent, paint := h.three.exportAll(t).byDescription(t, "pay rent"), h.task(t, "buy paint")
	for key, want := range map[string]any{"project": "home", "priority": "H", "due": "20300102T000000Z",
		"estimate": "3h", "size": 4.0, "reviewed": "20260101T000000Z", "effort": "PT2H"} {
		require.Equal(t, want, rent[key], "%s of the 2.6 task on 3.5: %v", key, rent)
	}
	for key, want := range map[string]any{"project": "house", "priority": "M", "due": "20310101T000000Z",
		"estimate": "2h", "size": 7.0, "reviewed": "20260201T000000Z", "effort": "PT30M"} {
		require.Equal(t, want, paint[key], "%s of the 3.5 task on 2.6: %v", key, paint)
	}
	require.Equal(t, []string{"bills"}, tagList(rent))
	require.Equal(t, []string{"diy"}, tagList(paint))
}
