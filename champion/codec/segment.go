package codec

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/internal/jsonscan"
)

// ErrInvalidSegment is wrapped by every error about a malformed history
// segment.
var ErrInvalidSegment = errors.New("codec: invalid history segment")

// minOpSize is a lower bound on the encoded size of one operation
// ({"Create":{"uuid":"…"}} with a 32-digit uuid), used to size buffers.
const minOpSize = 54

// segmentPrefix and segmentSuffix frame the operations of a segment.
const (
	segmentPrefix = `{"operations":[`
	segmentSuffix = `]}`
)

// EncodeSegment returns the plaintext of one version:
// {"operations":[…]} as compact UTF-8 JSON. A nil slice encodes as an empty
// list.
func EncodeSegment(ops []Op) ([]byte, error) {
	return appendSegment(make([]byte, 0, segmentSize(ops)), ops)
}

// appendSegment appends the plaintext of one version to b.
func appendSegment(b []byte, ops []Op) ([]byte, error) {
	b = append(b, segmentPrefix...)
	for i, op := range ops {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = op.appendJSON(b); err != nil {
			return nil, fmt.Errorf("%w: operation %d: %w", ErrInvalidSegment, i, err)
		}
	}
	return append(b, segmentSuffix...), nil
}

// opOverhead is the encoded size of an Update operation besides its property and value (its
// kind, uuid, timestamp and punctuation): enough for every operation of a segment whose strings
// need no escapes to encode without the buffer growing.
const opOverhead = 128

// segmentSize returns about the size of the plaintext of ops: exact enough, when their strings
// need no escapes, that a large segment is written in one allocation.
func segmentSize(ops []Op) int {
	n := len(segmentPrefix) + len(segmentSuffix)
	for _, op := range ops {
		n += opOverhead + len(op.Property)
		if op.Value != nil {
			n += len(*op.Value)
		}
	}
	return n
}

// DecodeSegment parses the plaintext of one version. The input must be valid
// UTF-8 holding one JSON object with an "operations" array of valid
// operations (see Op.UnmarshalJSON); other members are ignored.
func DecodeSegment(data []byte) ([]Op, error) {
	ops, err := decodeSegment(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidSegment, err)
	}
	return ops, nil
}

// decodeSegment does the work of DecodeSegment without the error prefix.
func decodeSegment(data []byte) ([]Op, error) {
	if err := checkJSON(data); err != nil {
		return nil, err
	}
	var buf [1]member
	members, err := readObject(buf[:0], data)
	if err != nil {
		return nil, err
	}
	raw := lookup(members, "operations")
	if raw == nil {
		return nil, errors.New(`missing "operations"`)
	}
	return decodeOps(raw)
}

// decodeOps decodes the "operations" array (already checked JSON), naming
// the index of a bad element in the error.
func decodeOps(raw []byte) ([]Op, error) {
	if jsonscan.At(raw, 0) != '[' {
		return nil, fmt.Errorf(`"operations" must be an array, got %.20s`, raw)
	}
	ops := make([]Op, 0, min(bytes.Count(raw, []byte(`{"`))/2, len(raw)/minOpSize+1))
	i := jsonscan.SkipSpace(raw, 1)
	for jsonscan.At(raw, i) != ']' && i < len(raw) {
		end := jsonscan.ValueEnd(raw, i)
		var op Op
		if err := op.decodeChecked(raw[i:end]); err != nil {
			return nil, fmt.Errorf("operation %d: %w: %w", len(ops), ErrInvalidOp, err)
		}
		ops = append(ops, op)
		i = jsonscan.SkipSpace(raw, end)
		if jsonscan.At(raw, i) == ',' {
			i = jsonscan.SkipSpace(raw, i+1)
		}
	}
	return ops, nil
}

// SealSegment encodes ops and seals them for the version whose parent is
// parent (the AAD of a history segment is its parent version id). The
// plaintext is encoded where the envelope's ciphertext goes and sealed in
// place, so a large segment costs one buffer, not two.
func SealSegment(key Key, parent uuid.UUID, ops []Op) ([]byte, error) {
	buf := make([]byte, EnvelopeHeader, segmentSize(ops)+Overhead)
	buf, err := appendSegment(buf, ops)
	if err != nil {
		return nil, err
	}
	return SealInPlace(key, parent, buf)
}

// OpenSegment opens a history segment sealed for parent and decodes it.
func OpenSegment(key Key, parent uuid.UUID, sealed []byte) ([]Op, error) {
	plain, err := Open(key, parent, sealed)
	if err != nil {
		return nil, err
	}
	return DecodeSegment(plain)
}
