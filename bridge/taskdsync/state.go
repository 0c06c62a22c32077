package taskdsync

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/store"
)

// decodeState reads a stored task state as a task map and its property times.
func decodeState(st store.TaskState) (convert.TaskMap, map[string]time.Time, error) {
	var m convert.TaskMap
	if err := json.Unmarshal(st.Data, &m); err != nil {
		return nil, nil, fmt.Errorf("task %s: %w: %v", st.UUID, errStoredTask, err)
	}
	if m == nil {
		m = convert.TaskMap{}
	}
	var nanos map[string]int64
	if err := json.Unmarshal(st.Times, &nanos); err != nil {
		return nil, nil, fmt.Errorf("task %s: %w: %v", st.UUID, errStoredTask, err)
	}
	times := make(map[string]time.Time, len(nanos))
	for p, n := range nanos {
		times[p] = time.Unix(0, n).UTC()
	}
	return m, times, nil
}
