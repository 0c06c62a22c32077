package taskd

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// FrameHeaderLen is the size of the length prefix. The prefix counts itself, so a frame holding
// an N-byte message declares N+4.
const FrameHeaderLen = 4

// MaxFrameBody is the largest message body a frame can carry: the prefix is an unsigned 32-bit
// length that includes its own four bytes.
const MaxFrameBody = math.MaxUint32 - FrameHeaderLen

// readChunk is the initial buffer for a frame body. The buffer grows only as bytes actually
// arrive, so a client that declares a large frame and then sends little costs the server little
// memory: it doubles until an eighth of the declared body has arrived, then takes the declared
// size at once. Growing is a copy that holds the old and the new buffer for a moment; taking the
// full size early keeps that moment at 1.25× the body at most, where doubling up to the end
// could reach 2×, and costs a client that stops early at most eight times what it sent.
const readChunk = 64 << 10

// ErrFrameLength is returned by ReadFrame when the declared length is below FrameHeaderLen, which
// no well-formed frame can have.
var ErrFrameLength = errors.New("taskd: frame length smaller than its 4-byte header")

// FrameTooBigError is returned by ReadFrame when the declared body is at least the limit. Nothing
// of the body has been read; the caller answers 504 "Request too big", after discarding the body
// with DrainFrame so that the client, still busy sending, sees the answer instead of a reset.
type FrameTooBigError struct {
	// Size is the declared body length (the frame length minus FrameHeaderLen).
	Size int64
	// Limit is the limit that Size reached.
	Limit int64
}

// Error implements error.
func (e *FrameTooBigError) Error() string {
	return fmt.Sprintf("taskd: frame body of %d bytes reaches the limit of %d bytes", e.Size, e.Limit)
}

// ReadFrame reads one frame from r and returns its body (the message without the length prefix).
//
// limit must be positive. A declared body of limit bytes or more is rejected with a
// *FrameTooBigError before any of it is read or allocated; Taskserver's request.limit uses the
// same ">=" rule. A declared length below FrameHeaderLen yields ErrFrameLength. A body shorter
// than declared yields an error wrapping io.ErrUnexpectedEOF; io.EOF is returned unwrapped only
// when r ends before the first byte. ReadFrame never reads past the frame and never allocates more
// than the declared body.
func ReadFrame(r io.Reader, limit int) ([]byte, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("taskd: frame limit %d is not positive", limit)
	}
	size, err := readFrameHeader(r)
	if err != nil {
		return nil, err
	}
	if size >= int64(limit) {
		return nil, &FrameTooBigError{Size: size, Limit: int64(limit)}
	}
	return readFrameBody(r, int(size))
}

// readFrameHeader reads the length prefix and returns the declared body size.
func readFrameHeader(r io.Reader) (int64, error) {
	var hdr [FrameHeaderLen]byte
	n, err := io.ReadFull(r, hdr[:])
	switch {
	case err == io.EOF:
		return 0, io.EOF
	case err != nil:
		return 0, fmt.Errorf("taskd: frame header: read %d of %d bytes: %w", n, FrameHeaderLen, err)
	}
	length := int64(binary.BigEndian.Uint32(hdr[:]))
	if length < FrameHeaderLen {
		return 0, fmt.Errorf("%w: declared %d", ErrFrameLength, length)
	}
	return length - FrameHeaderLen, nil
}

// readFrameBody reads exactly size bytes, growing the buffer as data arrives.
func readFrameBody(r io.Reader, size int) ([]byte, error) {
	buf := make([]byte, 0, min(size, readChunk))
	for len(buf) < size {
		if len(buf) == cap(buf) {
			next := 2 * cap(buf)
			if len(buf) >= size/8 {
				next = size
			}
			grown := make([]byte, len(buf), min(next, size))
			copy(grown, buf)
			buf = grown
		}
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("taskd: frame body: read %d of %d bytes: %w", len(buf), size, err)
		}
	}
	return buf, nil
}

// DrainFrame discards the body announced by a *FrameTooBigError so that the client finishes
// sending and can read the 504 answer; the caller bounds the time with a read deadline. A body
// larger than maxBytes is not read at all: draining it would cost more than it saves, and such a
// client is answered at once (it will probably see a reset). DrainFrame returns the number of
// bytes discarded and an error when the body was not discarded completely.
func DrainFrame(r io.Reader, tooBig *FrameTooBigError, maxBytes int64) (int64, error) {
	if tooBig.Size > maxBytes {
		return 0, fmt.Errorf("taskd: oversized frame of %d bytes exceeds the drain cap of %d bytes", tooBig.Size, maxBytes)
	}
	n, err := io.CopyN(io.Discard, r, tooBig.Size)
	if err != nil {
		return n, fmt.Errorf("taskd: drain oversized frame: %d of %d bytes: %w", n, tooBig.Size, err)
	}
	return n, nil
}

// WriteFrame writes msg as one frame with a single Write call, so that a TLS connection sends the
// prefix and the message together.
func WriteFrame(w io.Writer, msg []byte) error {
	if int64(len(msg)) > MaxFrameBody {
		return fmt.Errorf("taskd: message of %d bytes does not fit in a frame", len(msg))
	}
	frame := make([]byte, FrameHeaderLen+len(msg))
	binary.BigEndian.PutUint32(frame, uint32(len(frame)))
	copy(frame[FrameHeaderLen:], msg)
	if _, err := w.Write(frame); err != nil {
		return fmt.Errorf("taskd: write frame: %w", err)
	}
	return nil
}
