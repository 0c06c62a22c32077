package codec

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/google/uuid"
)

// MaxSnapshotSize is the default cap, in bytes, on a decompressed snapshot
// (1 GiB). It keeps a small compressed input from expanding without bound.
const MaxSnapshotSize int64 = 1 << 30

// Snapshot errors, wrapped by DecodeSnapshot and OpenSnapshot.
var (
	// ErrInvalidSnapshot means the snapshot is not zlib-compressed JSON of
	// the form {uuid: {property: string}}.
	ErrInvalidSnapshot = errors.New("codec: invalid snapshot")
	// ErrSnapshotTooLarge means the snapshot decompresses past the cap.
	ErrSnapshotTooLarge = errors.New("codec: snapshot too large")
)

// EncodeSnapshot returns the plaintext of a snapshot: the compact JSON
// object {uuid: {property: value}} (keys sorted) compressed with zlib at the
// default level.
func EncodeSnapshot(tasks Tasks) ([]byte, error) {
	js, err := marshalTasks(tasks)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidSnapshot, err)
	}
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	if _, err := zw.Write(js); err != nil {
		return nil, fmt.Errorf("codec: compressing snapshot: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("codec: compressing snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

// DecodeSnapshot decompresses and parses a snapshot, refusing to inflate
// more than MaxSnapshotSize bytes.
func DecodeSnapshot(data []byte) (Tasks, error) {
	return DecodeSnapshotLimit(data, MaxSnapshotSize)
}

// DecodeSnapshotLimit is DecodeSnapshot with a caller-chosen cap on the
// decompressed size; past it the error wraps ErrSnapshotTooLarge.
func DecodeSnapshotLimit(data []byte, limit int64) (Tasks, error) {
	js, err := inflate(data, limit)
	if err != nil {
		return nil, err
	}
	tasks, err := unmarshalTasks(js)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidSnapshot, err)
	}
	return tasks, nil
}

// SealSnapshot encodes tasks and seals them for the snapshot's own version
// id.
func SealSnapshot(key Key, version uuid.UUID, tasks Tasks) ([]byte, error) {
	plain, err := EncodeSnapshot(tasks)
	if err != nil {
		return nil, err
	}
	return Seal(key, version, plain)
}

// SealSnapshotStream seals a snapshot whose JSON object {uuid: {property: value}} write writes,
// piece by piece, straight into the compressor (zlib at its fastest level: the server makes
// snapshots under an account's lock, where time matters more than a few percent of size, and any
// zlib level inflates alike), so that the uncompressed snapshot is never held whole; the
// compressed one is sealed in place. write's error is returned as it is; what it writes is not
// checked.
func SealSnapshotStream(key Key, version uuid.UUID, write func(w io.Writer) error) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, EnvelopeHeader, EnvelopeHeader+Overhead))
	if err := CompressSnapshot(buf, write); err != nil {
		return nil, err
	}
	return SealInPlace(key, version, buf.Bytes())
}

// CompressSnapshot writes into w the plaintext of a snapshot (see SealSnapshotStream) whose JSON
// object write writes, piece by piece. write's error is returned as it is.
func CompressSnapshot(w io.Writer, write func(w io.Writer) error) error {
	zw, err := zlib.NewWriterLevel(w, zlib.BestSpeed)
	if err != nil {
		return fmt.Errorf("codec: compressing snapshot: %w", err)
	}
	if err := write(zw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("codec: compressing snapshot: %w", err)
	}
	return nil
}

// OpenSnapshot opens a snapshot sealed for version and decodes it with the
// default size cap.
func OpenSnapshot(key Key, version uuid.UUID, sealed []byte) (Tasks, error) {
	plain, err := Open(key, version, sealed)
	if err != nil {
		return nil, err
	}
	return DecodeSnapshot(plain)
}

// inflate decompresses a zlib stream of at most limit bytes, verifying its
// checksum.
func inflate(data []byte, limit int64) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: zlib: %w", ErrInvalidSnapshot, err)
	}
	defer zr.Close()
	js, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%w: zlib: %w", ErrInvalidSnapshot, err)
	}
	if int64(len(js)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes decompressed", ErrSnapshotTooLarge, limit)
	}
	return js, nil
}

// marshalTasks writes tasks as compact JSON with sorted keys.
func marshalTasks(tasks Tasks) ([]byte, error) {
	ids := make([]uuid.UUID, 0, len(tasks))
	for id := range tasks {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	b := []byte{'{'}
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, id.String()...)
		b = append(b, `":`...)
		var err error
		if b, err = appendTaskMap(b, tasks[id]); err != nil {
			return nil, fmt.Errorf("task %s: %w", id, err)
		}
	}
	return append(b, '}'), nil
}

// AppendTaskMap appends one task's properties to b as a compact JSON object, keys sorted,
// strings escaped only where JSON requires it (as TaskChampion writes them). A string that is
// not valid UTF-8 is an error.
func AppendTaskMap(b []byte, m TaskMap) ([]byte, error) { return appendTaskMap(b, m) }

// appendTaskMap appends one task's properties as a JSON object, keys sorted.
func appendTaskMap(b []byte, m TaskMap) ([]byte, error) {
	b = append(b, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendJSONString(b, k); err != nil {
			return b, fmt.Errorf("property name: %w", err)
		}
		b = append(b, ':')
		if b, err = appendJSONString(b, m[k]); err != nil {
			return b, fmt.Errorf("property %q: %w", k, err)
		}
	}
	return append(b, '}'), nil
}

// strictString is a JSON string that refuses null.
type strictString string

// UnmarshalJSON decodes a JSON string and rejects every other type.
func (s *strictString) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] != '"' {
		return fmt.Errorf("property value must be a string, got %.20s", b)
	}
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = strictString(v)
	return nil
}

// unmarshalTasks parses {uuid: {property: string}} JSON; a null task or
// value is an error.
func unmarshalTasks(js []byte) (Tasks, error) {
	if !utf8.Valid(js) {
		return nil, errInvalidUTF8
	}
	var raw map[uuid.UUID]map[string]strictString
	if err := json.Unmarshal(js, &raw); err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, errors.New("snapshot must be a JSON object, got null")
	}
	tasks := make(Tasks, len(raw))
	for id, props := range raw {
		if props == nil {
			return nil, fmt.Errorf("task %s is null", id)
		}
		tasks[id] = toTaskMap(props)
	}
	return tasks, nil
}

// toTaskMap converts decoded properties to a TaskMap.
func toTaskMap(props map[string]strictString) TaskMap {
	m := make(TaskMap, len(props))
	for k, v := range props {
		m[k] = string(v)
	}
	return m
}
