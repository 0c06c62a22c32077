package replica

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/store"
)

// ExportStore is the slice of the store an export reads.
type ExportStore interface {
	TasksAll(ctx context.Context, accountID int64) ([]store.TaskState, error)
}

// Export writes the account's tasks (deleted ones excluded) as a JSON array in the form
// Taskwarrior's own `task export` prints, which both Taskwarrior 2.6 and 3.x `task import`.
func Export(ctx context.Context, st ExportStore, accountID int64, types convert.Types) ([]byte, error) {
	states, err := st.TasksAll(ctx, accountID)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString("[\n")
	n := 0
	for _, s := range states {
		if s.Deleted {
			continue
		}
		var m convert.TaskMap
		if err := json.Unmarshal(s.Data, &m); err != nil {
			return nil, fmt.Errorf("task %s: stored data: %w", s.UUID, err)
		}
		line, err := convert.ToJSON(s.UUID, m, types, convert.Options{})
		if err != nil {
			return nil, fmt.Errorf("task %s: %w", s.UUID, err)
		}
		if n > 0 {
			buf.WriteString(",\n")
		}
		buf.Write(line)
		n++
	}
	buf.WriteString("\n]\n")
	return buf.Bytes(), nil
}
