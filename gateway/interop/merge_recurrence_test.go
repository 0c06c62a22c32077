package interop

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestMergeRecurrenceNoDuplicates: a weekly task whose first due date is weeks ago, created on a
// 2.6 device and (a second one) on a 3.5 device, reaches all four devices before any of them runs
// a report; then every device runs `task list`, which makes each of them create the instances
// of every due date so far with uuids of its own, and syncs. Every device ends with one
// instance per due date (the others deleted) and the same export.
func TestMergeRecurrenceNoDuplicates(t *testing.T) {
	t.Parallel()
	eachStore(t, testMergeRecurrence)
}

func testMergeRecurrence(t *testing.T, storeArgs []string) {
	q := newQuartet(t, storeArgs)
	_, devs := q.devices()

	due := time.Now().UTC().AddDate(0, 0, -20).Format("2006-01-02")
	q.twos[0].task(t, "add", "water plants", "recur:weekly", "due:"+due, "+garden")
	q.syncRounds(t, 1)
	listEverywhere(t, devs)
	q.syncRounds(t, 2)
	requireOneInstancePerDue(t, q.requireSame(t), "water plants", 3)

	due = time.Now().UTC().AddDate(0, 0, -15).Format("2006-01-02")
	q.thrs[0].task(t, "add", "feed cat", "recur:weekly", "due:"+due)
	q.syncRounds(t, 1, 2, 0, 1, 3)
	listEverywhere(t, devs)
	q.syncRounds(t, 2, 3, 2, 1, 0)
	requireOneInstancePerDue(t, q.requireSame(t), "feed cat", 3)
}

// listEverywhere runs `task list` on every device: the report creates the due instances of
// recurring tasks.
func listEverywhere(t *testing.T, devs []device) {
	t.Helper()
	for _, d := range devs {
		d.task(t, "list")
	}
}

// requireOneInstancePerDue requires that the recurring task with the description has exactly
// one instance that is not deleted per due date, and at least min due dates.
func requireOneInstancePerDue(t *testing.T, tasks exportedTasks, description string, min int) {
	t.Helper()
	parent := tasks.byDescription(t, description, "recurring")["uuid"]
	byDue := map[any][]string{}
	for id, task := range tasks {
		if task["parent"] == parent && task["status"] != "deleted" {
			byDue[task["due"]] = append(byDue[task["due"]], id)
		}
	}
	require.GreaterOrEqual(t, len(byDue), min, "due dates of %q: %v", description, byDue)
	for due, ids := range byDue {
		require.Len(t, ids, 1, "instances of %q due %v that are not deleted", description, due)
	}
}
