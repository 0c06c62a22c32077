package taskdsync

import (
	"bytes"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
)

// keptLine renders a task as the 2.x JSON line of an answer, which holds its lines until it is
// sent: in a buffer of the line's size when the one it was written into is much larger (its
// estimate is about twice a typical line).
func keptLine(id uuid.UUID, m convert.TaskMap, types convert.Types, opts convert.Options) ([]byte, error) {
	line, err := convert.ToJSON(id, m, types, opts)
	if err != nil || cap(line)-len(line) <= len(line)/8 {
		return line, err
	}
	return bytes.Clone(line), nil
}
