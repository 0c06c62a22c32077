package merge

import (
	"fmt"

	"github.com/taskgate/taskgate/bridge/convert"
)

// Upload is a parsed taskd upload.
type Upload struct {
	// Versions are the task lines in upload order.
	Versions []Version
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

// ParseUpload reads the task lines of one taskd upload, in order, with the account's
// declared types: a UDA's type is never guessed from the values. A bad line fails the whole
// upload, as in taskd; the error names the line (counting task lines from 1).
func ParseUpload(lines [][]byte, types convert.Types) (Upload, error) {
	// Versions grows as lines parse: sized by the line count up front, an upload of unreadable
	// lines would cost a Version per line before its first line failed.
	var up Upload
	for i, line := range lines {
		v, err := parseLine(line, types)
		if err != nil {
			return Upload{}, fmt.Errorf("merge: task line %d: %w", i+1, err)
		}
		up.Versions = append(up.Versions, v)
	}
	return up, nil
}
