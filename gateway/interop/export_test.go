package interop

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// exportedTasks is the JSON array of `task export` (Taskwarrior 2.6 and 3.5, and `taskgate
// account export`) keyed by uuid, so comparisons ignore the order. Numbers are float64, so they
// compare by value (Taskwarrior 2.6 exports a numeric UDA it received by sync as 4.000000 where
// the device that set it exports 4), while the number 4 and the string "4" still differ.
type exportedTasks map[string]map[string]any

// localOnly are the fields `task export` computes on each device rather than storing: the working
// set id and the urgency.
var localOnly = []string{"id", "urgency"}

// parseExport reads a `task export` array.
func parseExport(t *testing.T, out string) exportedTasks {
	t.Helper()
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &list), "not a task export array:\n%s", out)
	tasks := make(exportedTasks, len(list))
	for _, task := range list {
		id, ok := task["uuid"].(string)
		require.True(t, ok, "a task without uuid in:\n%s", out)
		require.NotContains(t, tasks, id, "uuid %s twice in:\n%s", id, out)
		tasks[id] = task
	}
	return tasks
}

// without returns a deep-enough copy of the tasks with the given fields removed.
func (e exportedTasks) without(fields ...string) exportedTasks {
	out := make(exportedTasks, len(e))
	for id, task := range e {
		c := maps.Clone(task)
		for _, f := range fields {
			delete(c, f)
		}
		out[id] = c
	}
	return out
}

// byDescription returns the one task with the description (and, if given, one of the statuses).
func (e exportedTasks) byDescription(t *testing.T, description string, statuses ...string) map[string]any {
	t.Helper()
	var found map[string]any
	for _, task := range e {
		status, _ := task["status"].(string)
		if task["description"] == description && (len(statuses) == 0 || slices.Contains(statuses, status)) {
			require.Nil(t, found, "two tasks %q in %v", description, e)
			found = task
		}
	}
	require.NotNil(t, found, "no task %q in %v", description, e)
	return found
}

// annotationTexts returns the descriptions of a task's annotations, in order.
func annotationTexts(task map[string]any) []string {
	var texts []string
	list, _ := task["annotations"].([]any)
	for _, a := range list {
		if m, ok := a.(map[string]any); ok {
			texts = append(texts, m["description"].(string))
		}
	}
	return texts
}

// tagList returns a task's tags.
func tagList(task map[string]any) []string {
	var tags []string
	list, _ := task["tags"].([]any)
	for _, tag := range list {
		tags = append(tags, tag.(string))
	}
	return tags
}
