package taskdimport

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
)

// bom is the UTF-8 byte order mark some editors put at the start of a file.
const bom = "\xEF\xBB\xBF"

// MaxLineBytes bounds one line of tx.data; longer lines are reported and skipped.
const MaxLineBytes = 64 << 20

// TaskLine is the last valid line of one task in tx.data.
type TaskLine struct {
	UUID uuid.UUID
	// Line is the 1-based line number.
	Line int
	// Raw is the line without its line ending.
	Raw []byte
}

// Log is what the import keeps of a tx.data file: the last valid line of every task and the
// newest sync key line. Earlier versions of tasks are not kept.
type Log struct {
	// File is the path the log was read from.
	File string
	// Tasks maps each task to its last valid line.
	Tasks map[uuid.UUID]TaskLine
	// Key is the newest sync key line as written ("" when there is none); KeyLine is its line.
	Key     string
	KeyLine int
	// Lines is the number of lines read.
	Lines int
}

// ReadLog reads a user's tx.data. A missing file is an empty log (the user never synced).
func ReadLog(path string) (Log, []Problem, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Log{File: path, Tasks: map[uuid.UUID]TaskLine{}}, nil, nil
	}
	if err != nil {
		return Log{}, nil, err
	}
	defer f.Close()
	return ParseLog(f, path)
}

// ParseLog reads tx.data from r line by line; name is the file name used in problems. Lines
// starting with '{' are task versions, other non-empty lines sync keys. A UTF-8 BOM on the first
// line and CR before LF are tolerated. A task line that is not a valid task (bad JSON, no uuid, a
// malformed attribute) or a last line cut short is reported and skipped, so the task keeps its
// previous valid line. Only an error reading r fails the whole log.
func ParseLog(r io.Reader, name string) (Log, []Problem, error) {
	lr := lineReader{br: bufio.NewReaderSize(r, 64*1024)}
	log := Log{File: name, Tasks: map[uuid.UUID]TaskLine{}}
	var problems []Problem
	for {
		line, complete, err := lr.next()
		if err == io.EOF {
			return log, problems, nil
		}
		if err != nil {
			return Log{}, problems, fmt.Errorf("reading %s: %w", name, err)
		}
		log.Lines++
		if p, bad := log.add(line, log.Lines, complete, lr.tooLong); bad {
			problems = append(problems, problemf(name, log.Lines, "%s", p))
		}
	}
}

// add takes one line into the log; it returns a description when the line was skipped.
func (l *Log) add(line []byte, n int, complete, tooLong bool) (string, bool) {
	if n == 1 {
		line = bytes.TrimPrefix(line, []byte(bom))
	}
	line = bytes.TrimSpace(line)
	switch {
	case tooLong:
		return fmt.Sprintf("line longer than %d bytes: skipped", MaxLineBytes), true
	case len(line) == 0:
		return "", false
	case line[0] == '{':
		return l.addTask(line, n, complete)
	default:
		return l.addKey(string(line), n, complete)
	}
}

// addTask keeps a task line when it reads as a task.
func (l *Log) addTask(line []byte, n int, complete bool) (string, bool) {
	id, _, err := convert.ToTaskMap(line, convert.Types{})
	if err != nil {
		if !complete {
			return fmt.Sprintf("truncated last line (no line ending, %v): skipped", err), true
		}
		return fmt.Sprintf("not a valid task (%v): skipped", err), true
	}
	l.Tasks[id] = TaskLine{UUID: id, Line: n, Raw: bytes.Clone(line)}
	return "", false
}

// addKey records a sync key line. A last line cut short is skipped unless it is a whole key.
func (l *Log) addKey(key string, n int, complete bool) (string, bool) {
	if !complete && !isKey(key) {
		return fmt.Sprintf("truncated last line %.40q (no line ending): skipped", key), true
	}
	l.Key, l.KeyLine = key, n
	if !isKey(key) {
		return fmt.Sprintf("sync key %.40q is not a UUID; no client can hold it, so it cannot be kept", key), true
	}
	return "", false
}

// lineReader reads lines of any length up to MaxLineBytes, reusing its buffer.
type lineReader struct {
	br      *bufio.Reader
	buf     []byte
	tooLong bool
}

// next returns the next line without its '\n' (valid until the next call), whether it ended
// with '\n', and io.EOF after the last line. A line over MaxLineBytes is returned empty with
// tooLong set.
func (r *lineReader) next() ([]byte, bool, error) {
	r.buf, r.tooLong = r.buf[:0], false
	for {
		chunk, err := r.br.ReadSlice('\n')
		if !r.tooLong {
			r.buf = append(r.buf, chunk...)
		}
		if len(r.buf) > MaxLineBytes {
			r.buf, r.tooLong = r.buf[:0], true
		}
		switch {
		case err == nil:
			return r.buf[:max(len(r.buf)-1, 0)], true, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && (len(r.buf) > 0 || r.tooLong):
			return r.buf, false, nil
		default:
			return nil, false, err
		}
	}
}
