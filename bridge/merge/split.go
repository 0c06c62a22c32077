package merge

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
)

// Chunks is an upload split into parts that merge on their own: every line of one task is in
// the same part. Chunk(i) gives the indexes of part i's lines in upload order.
type Chunks struct {
	order []int32 // line indexes, part by part
	ends  []int   // the end of each part in order
}

// Len returns the number of parts.
func (c Chunks) Len() int { return len(c.ends) }

// Chunk returns the indexes of the lines of part i, in upload order.
func (c Chunks) Chunk(i int) []int32 {
	start := 0
	if i > 0 {
		start = c.ends[i-1]
	}
	return c.order[start:c.ends[i]]
}

// Limits bounds the parts SplitUpload makes. A part holds at least one task, and may grow past
// the limits by the lines of its last task.
type Limits struct {
	// Lines is the most lines of a part; Bytes the most bytes of lines.
	Lines, Bytes int
}

// lineAt is one line of an upload and its task.
type lineAt struct {
	id   uuid.UUID
	line int32
}

// SplitUpload splits an upload into parts within limits, each holding every line of its tasks,
// in upload order: merging the parts one after the other does what merging the whole upload
// does. The parts follow each other in the order of their tasks' uuids, the order in which the
// stores keep tasks, so that writing them one after the other walks the stores' indexes once.
// It reads of each line only its uuid (see convert.TaskUUID); a line without one fails the
// upload with the error ParseUpload gives (that of the first bad line), and the other errors
// are found by ParseLines.
func SplitUpload(lines [][]byte, types convert.Types, limits Limits) (Chunks, error) {
	at := make([]lineAt, 0, len(lines))
	for i, line := range lines {
		id, err := convert.TaskUUID(line)
		if err != nil {
			return Chunks{}, firstError(lines[:i+1], types)
		}
		at = append(at, lineAt{id: id, line: int32(i)})
	}
	slices.SortFunc(at, func(a, b lineAt) int {
		return cmp.Or(bytes.Compare(a.id[:], b.id[:]), cmp.Compare(a.line, b.line))
	})
	c := Chunks{order: make([]int32, len(at))}
	start, size := 0, 0
	for i, a := range at {
		newTask := i > 0 && at[i-1].id != a.id
		if newTask && (i-start >= limits.Lines || size+len(lines[a.line]) > limits.Bytes) {
			c.cut(start, i)
			start, size = i, 0
		}
		c.order[i], size = a.line, size+len(lines[a.line])
	}
	if len(at) > 0 {
		c.cut(start, len(at))
	}
	return c, nil
}

// cut ends the part order[start:end], putting its lines in upload order.
func (c *Chunks) cut(start, end int) {
	slices.Sort(c.order[start:end])
	c.ends = append(c.ends, end)
}

// ParseLines reads the lines of an upload at the given indexes, in that order, as ParseUpload
// reads a whole upload, and merges to the same result. The lines of one task are folded into
// one version as they are read (see fold), so that a task uploaded in many lines costs the
// memory of two. A bad line fails with the error ParseUpload gives: that of the first bad line of
// the upload, which may come before the parts read so far.
func ParseLines(lines [][]byte, idx []int32, types convert.Types) (Upload, error) {
	var up Upload
	at := map[uuid.UUID]int{}
	for _, i := range idx {
		v, err := parseLine(lines[i], types)
		if err != nil {
			return Upload{}, firstError(lines[:i+1], types)
		}
		if k, seen := at[v.UUID]; seen {
			up.Versions[k] = fold(up.Versions[k], v)
			continue
		}
		at[v.UUID] = len(up.Versions)
		up.Versions = append(up.Versions, v)
	}
	return up, nil
}

// firstError returns the error of the first bad line, reading them in order and keeping none.
func firstError(lines [][]byte, types convert.Types) error {
	for i, line := range lines {
		if _, err := parseLine(line, types); err != nil {
			return fmt.Errorf("merge: task line %d: %w", i+1, err)
		}
	}
	return errors.New("merge: no task line is bad")
}
