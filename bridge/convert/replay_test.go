package convert_test

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
)

// capturedDir holds the module's recordings of real Taskwarrior sessions
// (testdata/captured/README.md).
const capturedDir = "../../testdata/captured/"

// replayOp is one TaskChampion operation as versions.jsonl records it.
type replayOp struct {
	Create *struct {
		UUID uuid.UUID `json:"uuid"`
	} `json:"Create"`
	Delete *struct {
		UUID uuid.UUID `json:"uuid"`
	} `json:"Delete"`
	Update *struct {
		UUID     uuid.UUID `json:"uuid"`
		Property string    `json:"property"`
		Value    *string   `json:"value"`
	} `json:"Update"`
}

// replayVersions applies every operation of a recorded version chain, in order, to an empty
// replica and returns the resulting tasks.
func replayVersions(t *testing.T, path string) map[uuid.UUID]convert.TaskMap {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	tasks := map[uuid.UUID]convert.TaskMap{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var version struct {
			Plain struct {
				Operations []replayOp `json:"operations"`
			} `json:"plain"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &version))
		for _, op := range version.Plain.Operations {
			applyOp(tasks, op)
		}
	}
	require.NoError(t, sc.Err())
	return tasks
}

// applyOp applies one operation as TaskChampion does: updates to unknown tasks are ignored.
func applyOp(tasks map[uuid.UUID]convert.TaskMap, op replayOp) {
	switch {
	case op.Create != nil:
		if _, ok := tasks[op.Create.UUID]; !ok {
			tasks[op.Create.UUID] = convert.TaskMap{}
		}
	case op.Delete != nil:
		delete(tasks, op.Delete.UUID)
	case op.Update != nil:
		task, ok := tasks[op.Update.UUID]
		if !ok {
			return
		}
		if op.Update.Value == nil {
			delete(task, op.Update.Property)
		} else {
			task[op.Update.Property] = *op.Update.Value
		}
	}
}

func TestReplayVersions(t *testing.T) {
	t.Parallel()
	tasks := replayVersions(t, capturedDir+"taskwarrior-3.5/versions.jsonl")
	require.Len(t, tasks, 4)
	milk := tasks[uuid.MustParse("0a44dfc7-795e-477a-8e01-5ced69ac77ee")]
	require.Equal(t, "buy oat milk", milk["description"])
	require.Equal(t, "errand,shop", milk["tags"])
}
