package interop

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestMergeAnnotationsSameSecond: on one task a 2.6 device and a 3.5 device add an annotation in
// the same second, and on another task two 2.6 devices do; the 2.6 device syncs first on one
// task and last on the other. Both annotations of each pair survive on every device, and every
// device exports the same tasks.
func TestMergeAnnotationsSameSecond(t *testing.T) {
	t.Parallel()
	eachStore(t, testMergeAnnotationsSameSecond)
}

func testMergeAnnotationsSameSecond(t *testing.T, storeArgs []string) {
	q := newQuartet(t, storeArgs)
	a, b, c := q.twos[0], q.twos[1], q.thrs[0]
	a.task(t, "add", "mixed pair")
	a.task(t, "add", "taskd pair")
	q.syncRounds(t, 1)
	mixed, taskd := a.uuidOf(t, "mixed pair"), a.uuidOf(t, "taskd pair")

	var onMixed, onTaskd []string
	for attempt := 0; ; attempt++ {
		texts := annotateTogether(t, []device{a, c, b}, []string{mixed, mixed, taskd},
			[]string{"from A", "from C", "from B"}, attempt)
		onMixed, onTaskd = append(onMixed, texts[0], texts[1]), append(onTaskd, texts[2])
		if sameEntry(t, a, c, mixed) && sameEntry(t, a, b, taskd) {
			break
		}
		require.Less(t, attempt, 4, "could not make the annotations in one second")
	}
	q.syncRounds(t, 2, 2, 0, 1, 3)
	tasks := q.requireSame(t)
	require.ElementsMatch(t, onMixed, annotationTexts(tasks[mixed]), "annotations: %v", tasks[mixed])
	require.ElementsMatch(t, onTaskd, annotationTexts(tasks[taskd]), "annotations: %v", tasks[taskd])
}

// annotateTogether has each device annotate its task with its text at the same moment, right
// after the start of a second, and returns the texts; attempt makes the texts of a retry differ.
func annotateTogether(t *testing.T, devs []device, uuids, texts []string, attempt int) []string {
	t.Helper()
	used := make([]string, len(texts))
	for i, text := range texts {
		used[i] = text
		if attempt > 0 {
			used[i] = fmt.Sprintf("%s again %d", text, attempt)
		}
	}
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 50*time.Millisecond)))
	var wg sync.WaitGroup
	for i, d := range devs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.task(t, uuids[i], "annotate", used[i])
		}()
	}
	wg.Wait()
	return used
}

// sameEntry reports whether the newest annotations of the task on x and y have the same entry.
func sameEntry(t *testing.T, x, y device, id string) bool {
	t.Helper()
	return lastEntry(t, x, id) == lastEntry(t, y, id)
}

// lastEntry returns the entry of the task's newest annotation on d.
func lastEntry(t *testing.T, d device, id string) string {
	t.Helper()
	tasks := d.exportAll(t)
	list, _ := tasks[id]["annotations"].([]any)
	require.NotEmpty(t, list, "task %s has no annotation: %v", id, tasks)
	return list[len(list)-1].(map[string]any)["entry"].(string)
}
