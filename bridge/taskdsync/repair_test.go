package taskdsync_test

import (
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/store/testengines"
	"github.com/taskgate/taskgate/taskd"
)

// instanceLine is a 2.x line of the first instance of a weekly task, entered at minute entry.
func instanceLine(id, parent uuid.UUID, entry int) string {
	return fmt.Sprintf(`{"description":"water","due":"20261201T000000Z","entry":"20261122T15%02d00Z","imask":0,`+
		`"modified":"20261122T15%02d00Z","parent":"%s","recur":"weekly","status":"pending","uuid":"%s"}`,
		entry, entry, parent, id)
}

// TestSyncAnswersRepairs: a 2.x device that uploads its own instance of an occurrence another
// device's instance stands for gets its instance deleted in the same answer (and the other one,
// when its key is older than it); and a device that annotates in the same second as another
// gets both annotations.
func TestSyncAnswersRepairs(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		h := newHousehold(t, st, zaptest.NewLogger(t))
		parent, first, second, task := uuid.New(), uuid.New(), uuid.New(), uuid.New()
		k1 := h.sync("", instanceLine(first, parent, 1), line(task, 0, "")).Key

		r := h.sync(k1, instanceLine(second, parent, 2)) // from the head
		require.Equal(t, taskd.StatusOK, r.Code)
		got := decode(t, r.Tasks)
		require.Len(t, got, 1, "the device at k1 has the kept instance: %v", got)
		require.Equal(t, "deleted", got[second.String()]["status"], "the duplicate is deleted: %v", got)

		third := uuid.New()
		got = decode(t, h.sync("", instanceLine(third, parent, 3)).Tasks) // a first sync
		require.Equal(t, "deleted", got[third.String()]["status"], "the duplicate is deleted: %v", got)
		require.Equal(t, "pending", got[first.String()]["status"], "the earlier instance is kept: %v", got)

		annotated := func(text string) string {
			return line(task, 5, `,"annotations":[{"entry":"20261122T150500Z","description":"`+text+`"}]`)
		}
		k2 := h.sync(k1, annotated("from A")).Key
		r = h.sync(k1, annotated("from B"))
		annotations := decode(t, r.Tasks)[task.String()]["annotations"]
		require.Equal(t, []any{
			map[string]any{"entry": "20261122T150500Z", "description": "from A"},
			map[string]any{"entry": "20261122T150501Z", "description": "from B"},
		}, annotations)
		require.NotEqual(t, k2, r.Key)
	})
}
