package interop

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestMergeAnnotationsSameSecond: three tasks get two annotations each, made in the same second
// on two devices: a 3.5 and a 2.6 device where the 3.5 device syncs first (the bridge merges the
// 2.6 upload into it), the two 2.6 devices, and a 2.6 and a 3.5 device where the 2.6 device
// syncs first (the 3.5 device rebases its annotation onto the bridge's, and the server repairs
// the key it took). Both annotations of each pair survive on every device, and every device
// exports the same tasks.
func TestMergeAnnotationsSameSecond(t *testing.T) {
	t.Parallel()
	eachStore(t, testMergeAnnotationsSameSecond)
}

// annotation is one annotation a device makes on a task.
type annotation struct {
	task, text string
}

func testMergeAnnotationsSameSecond(t *testing.T, storeArgs []string) {
	q := newQuartet(t, storeArgs)
	a, b, c, d := q.twos[0], q.twos[1], q.thrs[0], q.thrs[1]
	for _, desc := range []string{"mixed pair", "taskd pair", "rebased pair"} {
		a.task(t, "add", desc)
	}
	q.syncRounds(t, 1)
	mixed, taskd, rebased := a.uuidOf(t, "mixed pair"), a.uuidOf(t, "taskd pair"), a.uuidOf(t, "rebased pair")

	made := map[string][]string{}
	for attempt := 0; ; attempt++ {
		texts := func(s string) string { return fmt.Sprintf("%s %d", s, attempt) }
		plan := map[device][]annotation{
			a: {{mixed, texts("from A")}, {taskd, texts("from A")}},
			b: {{taskd, texts("from B")}, {rebased, texts("from B")}},
			c: {{mixed, texts("from C")}},
			d: {{rebased, texts("from D")}},
		}
		annotateTogether(t, plan)
		for _, list := range plan {
			for _, an := range list {
				made[an.task] = append(made[an.task], an.text)
			}
		}
		if sameEntry(t, a, c, mixed) && sameEntry(t, a, b, taskd) && sameEntry(t, b, d, rebased) {
			break
		}
		require.Less(t, attempt, 4, "could not make the annotations in one second")
	}
	q.syncRounds(t, 2, 2, 0, 1, 3)
	tasks := q.requireSame(t)
	for _, id := range []string{mixed, taskd, rebased} {
		require.ElementsMatch(t, made[id], annotationTexts(tasks[id]), "annotations: %v", tasks[id])
	}
}

// annotateTogether has each device make its annotations, one after the other, while the other
// devices make theirs, all starting right after the start of a second.
func annotateTogether(t *testing.T, plan map[device][]annotation) {
	t.Helper()
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 20*time.Millisecond)))
	var wg sync.WaitGroup
	for dev, list := range plan {
		wg.Go(func() {
			for _, an := range list {
				dev.task(t, an.task, "annotate", an.text)
			}
		})
	}
	wg.Wait()
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
