package chain

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// spill is the temporary file a Batch keeps its prepared versions in, so that only one of them
// is in memory at a time. The file is created at the first write, in dir (os.TempDir when
// empty), and unlinked at once (where the system allows it; otherwise at close), so that nothing
// is left behind whatever happens to the process. What it holds is counted in budget, shared by
// the files of one Core, until it is closed.
type spill struct {
	dir    string
	budget *spillBudget
	f      *os.File
	size   int64
	// name is the file to remove at close, when it could not be removed at creation.
	name string
}

// span is a stretch of the spill file.
type span struct{ off, n int64 }

// open creates the file.
func (s *spill) open() error {
	f, err := os.CreateTemp(s.dir, "taskgate-batch-*")
	if err != nil {
		return fmt.Errorf("chain: creating a spill file: %w", err)
	}
	s.f = f
	if os.Remove(f.Name()) != nil {
		s.name = f.Name()
	}
	return nil
}

// write appends b to the file, or refuses it with a *SpillLimitError when the budget cannot
// take it.
func (s *spill) write(b []byte) (span, error) { return s.writeAt(s.size, b) }

// writeAt writes b at off, at most the file's end, over what the file holds from there, and
// ends the file after it, or refuses it with a *SpillLimitError when the budget cannot take the
// bytes it grows by. b reaches at least the file's old end: the file never shrinks, so that
// the budget counts exactly what it holds.
func (s *spill) writeAt(off int64, b []byte) (span, error) {
	sp := span{off: off, n: int64(len(b))}
	grow := sp.off + sp.n - s.size
	if off > s.size || grow < 0 {
		return span{}, fmt.Errorf("chain: writing %d bytes at %d of a spill file of %d", sp.n, off, s.size)
	}
	if err := s.budget.take(grow, s.size); err != nil {
		return span{}, err
	}
	if err := s.put(b, off); err != nil {
		s.budget.release(grow)
		return span{}, err
	}
	s.size += grow
	return sp, nil
}

// put writes b at off, creating the file first.
func (s *spill) put(b []byte, off int64) error {
	if s.f == nil {
		if err := s.open(); err != nil {
			return err
		}
	}
	if _, err := s.f.WriteAt(b, off); err != nil {
		return fmt.Errorf("chain: writing the spill file: %w", err)
	}
	return nil
}

// read reads back what write wrote at sp.
func (s *spill) read(sp span) ([]byte, error) {
	b := make([]byte, sp.n)
	return b, s.readInto(b, sp.off)
}

// readInto reads len(b) bytes at off into b.
func (s *spill) readInto(b []byte, off int64) error {
	if _, err := s.f.ReadAt(b, off); err != nil {
		return fmt.Errorf("chain: reading the spill file: %w", err)
	}
	return nil
}

// spillWriter appends what is written to a spill file.
type spillWriter struct{ s *spill }

func (w spillWriter) Write(b []byte) (int, error) {
	if _, err := w.s.write(b); err != nil {
		return 0, err
	}
	return len(b), nil
}

// close closes the file, removes it when it was not removed at creation, and gives back to the
// budget what it held.
func (s *spill) close() error {
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	if s.name != "" {
		err = errors.Join(err, os.Remove(s.name))
	}
	s.budget.release(s.size)
	s.f, s.name, s.size = nil, "", 0
	return err
}

// writeStates appends task states to the file: per state its uuid, seq and deleted flag and
// the lengths of its data and times, then their bytes, which are written as they are rather
// than copied into one buffer.
func (s *spill) writeStates(states []store.TaskState) (span, error) {
	start := s.size
	var head []byte
	for _, st := range states {
		head = append(head[:0], st.UUID[:]...)
		head = binary.AppendVarint(head, st.Seq)
		deleted := byte(0)
		if st.Deleted {
			deleted = 1
		}
		head = append(head, deleted)
		head = binary.AppendUvarint(head, uint64(len(st.Data)))
		head = binary.AppendUvarint(head, uint64(len(st.Times)))
		for _, b := range [][]byte{head, st.Data, st.Times} {
			if _, err := s.write(b); err != nil {
				return span{}, err
			}
		}
	}
	return span{off: start, n: s.size - start}, nil
}

// errSpill is a spill file that does not read back as it was written.
var errSpill = errors.New("chain: the spill file is damaged")

// decodeStates reads what writeStates wrote. The states' bytes are slices of b.
func decodeStates(b []byte) ([]store.TaskState, error) {
	var states []store.TaskState
	for len(b) > 0 {
		var st store.TaskState
		if len(b) < len(st.UUID) {
			return nil, errSpill
		}
		st.UUID = uuid.UUID(b[:len(st.UUID)])
		b = b[len(st.UUID):]
		seq, n := binary.Varint(b)
		if n <= 0 || n >= len(b) {
			return nil, errSpill
		}
		st.Seq, st.Deleted, b = seq, b[n] == 1, b[n+1:]
		data, k := binary.Uvarint(b)
		if k <= 0 {
			return nil, errSpill
		}
		times, j := binary.Uvarint(b[k:])
		if j <= 0 || uint64(len(b)-k-j) < data || uint64(len(b)-k-j)-data < times {
			return nil, errSpill
		}
		b = b[k+j:]
		st.Data, st.Times, b = b[:data], b[data:data+times], b[data+times:]
		states = append(states, st)
	}
	return states, nil
}
