package main

import (
	"fmt"
	"time"

	"github.com/google/uuid"
)

// taskdDate is Taskwarrior's date format in task JSON.
const taskdDate = "20060102T150405Z"

// loadTask is the one task an account uploads: created by its first upload, modified by the next.
type loadTask struct {
	uuid     uuid.UUID
	entry    time.Time
	revision int
}

func newLoadTask() *loadTask {
	return &loadTask{uuid: uuid.New(), entry: time.Now()}
}

// next returns the task's next version as a Taskwarrior 2.6 task line of about 200 bytes, with
// modified = now.
func (t *loadTask) next(now time.Time) string {
	t.revision++
	return fmt.Sprintf(`{"description":"load test task, revision %06d","entry":"%s","modified":"%s","priority":"M",`+
		`"project":"load","status":"pending","uuid":"%s","tags":["load","bench"]}`,
		t.revision, t.entry.UTC().Format(taskdDate), now.UTC().Format(taskdDate), t.uuid)
}
