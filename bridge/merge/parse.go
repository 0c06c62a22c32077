package merge

import (
	"fmt"

	"github.com/taskgate/taskgate/bridge/convert"
)

// Upload is a parsed taskd upload.
type Upload struct {
	// Versions are the task lines in upload order.
	Versions []Version
	// Learned holds the UDA types the lines revealed (see LearnTypes), already used to
	// read them; the caller stores them with the account. Nil when there are none.
	Learned map[string]convert.Type
}

// parseLine reads one task line of a taskd upload with the given attribute types. Errors wrap
// those of convert.ToTaskMap (convert.ErrSyntax, ErrUUID, ErrAttribute).
func parseLine(line []byte, types convert.Types) (Version, error) {
	id, m, err := convert.ToTaskMap(line, types)
	if err != nil {
		return Version{}, err
	}
	return Version{UUID: id, Task: m, Modified: editTime(m)}, nil
}

// ParseUpload reads the task lines of one taskd upload, in order: it first learns the
// types of UDAs the account does not know from all lines (LearnTypes), then reads every
// line with types plus the learned ones. A bad line fails the whole upload, as in taskd;
// the error names the line (counting task lines from 1).
func ParseUpload(lines [][]byte, types convert.Types) (Upload, error) {
	learned := LearnTypes(lines, types)
	for name, typ := range learned {
		types = types.WithUDA(name, typ)
	}
	// Versions grows as lines parse: sized by the line count up front, an upload of unreadable
	// lines would cost a Version per line before its first line failed.
	up := Upload{Learned: learned}
	for i, line := range lines {
		v, err := parseLine(line, types)
		if err != nil {
			return Upload{}, fmt.Errorf("merge: task line %d: %w", i+1, err)
		}
		up.Versions = append(up.Versions, v)
	}
	return up, nil
}
