package taskd

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// frame builds a frame declaring length (prefix included) followed by body.
func frame(length uint32, body string) []byte {
	b := binary.BigEndian.AppendUint32(nil, length)
	return append(b, body...)
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestReadFrame(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name     string
		input    []byte
		limit    int
		want     string
		wantErr  error
		tooBig   bool
		consumed int64
	}{
		{name: "Simple", input: frame(9, "hello"), limit: 100, want: "hello", consumed: 9},
		{name: "EmptyBody", input: frame(4, ""), limit: 100, want: "", consumed: 4},
		{name: "StopsAtFrameEnd", input: frame(6, "hi-trailing"), limit: 100, want: "hi", consumed: 6},
		{name: "JustBelowLimit", input: frame(4+9, "123456789"), limit: 10, want: "123456789", consumed: 13},
		{name: "AtLimitTooBig", input: frame(4+10, "1234567890"), limit: 10, tooBig: true, consumed: 4},
		{name: "HugeDeclared", input: frame(0xffffffff, "x"), limit: 10, tooBig: true, consumed: 4},
		{name: "LengthZero", input: frame(0, ""), limit: 10, wantErr: ErrFrameLength, consumed: 4},
		{name: "LengthThree", input: frame(3, "abc"), limit: 10, wantErr: ErrFrameLength, consumed: 4},
		{name: "NoInput", input: nil, limit: 10, wantErr: io.EOF},
		{name: "ShortHeader", input: []byte{0, 0}, limit: 10, wantErr: io.ErrUnexpectedEOF, consumed: 2},
		{name: "ShortBody", input: frame(20, "abc"), limit: 100, wantErr: io.ErrUnexpectedEOF, consumed: 7},
		{name: "HeaderOnlyBodyMissing", input: frame(20, ""), limit: 100, wantErr: io.ErrUnexpectedEOF, consumed: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cr := &countingReader{r: bytes.NewReader(tt.input)}
			got, err := ReadFrame(cr, tt.limit)
			require.Equal(t, tt.consumed, cr.n, "bytes consumed")
			var tb *FrameTooBigError
			switch {
			case tt.tooBig:
				require.ErrorAs(t, err, &tb, "ReadFrame(%q) = %v, want *FrameTooBigError", tt.input, err)
				require.Equal(t, int64(tt.limit), tb.Limit)
			case tt.wantErr != nil:
				require.ErrorIs(t, err, tt.wantErr, "ReadFrame(%q) = %v, want %v", tt.input, err, tt.wantErr)
			default:
				require.NoError(t, err)
				require.Equal(t, tt.want, string(got))
				require.LessOrEqual(t, cap(got), len(tt.want), "cap past the declared body")
			}
		})
	}
}

func TestReadFrameRejectsNonPositiveLimit(t *testing.T) {
	t.Parallel()
	_, err := ReadFrame(bytes.NewReader(frame(5, "x")), 0)
	require.Error(t, err)
}

func TestReadFrameLargeBodyGrows(t *testing.T) {
	t.Parallel()
	body := strings.Repeat("x", 3*readChunk+17)
	got, err := ReadFrame(bytes.NewReader(frame(uint32(4+len(body)), body)), 1<<20)
	require.NoError(t, err)
	require.Equal(t, body, string(got))
	require.Equal(t, len(body), cap(got))
}

// TestReadFrameAllocatesOnlyWhatArrives declares a body just below a large limit and sends a few
// bytes: the reader must fail without allocating anything near the declared size. It does not
// call t.Parallel so that no other test disturbs the allocation counter.
func TestReadFrameAllocatesOnlyWhatArrives(t *testing.T) {
	const limit = 512 << 20
	input := frame(limit-1+4, "only a few bytes")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadFrame(bytes.NewReader(input), limit)
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(4*readChunk))
}

func TestDrainFrame(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name    string
		size    int64
		input   string
		max     int64
		drained int64
		rest    string
		wantErr bool
	}{
		{name: "Complete", size: 5, input: "12345next", max: 100, drained: 5, rest: "next"},
		{name: "AboveCapNotRead", size: 5, input: "12345", max: 3, drained: 0, rest: "12345", wantErr: true},
		{name: "AtCap", size: 5, input: "123456", max: 5, drained: 5, rest: "6"},
		{name: "PeerClosedEarly", size: 10, input: "123", max: 100, drained: 3, wantErr: true},
		{name: "NegativeMax", size: 5, input: "12345", max: -1, drained: 0, rest: "12345", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := strings.NewReader(tt.input)
			n, err := DrainFrame(r, &FrameTooBigError{Size: tt.size, Limit: 1}, tt.max)
			require.Equal(t, tt.drained, n)
			require.Equal(t, tt.wantErr, err != nil, "DrainFrame error = %v", err)
			rest, _ := io.ReadAll(r)
			require.Equal(t, tt.rest, string(rest))
		})
	}
}

func TestWriteFrame(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		msg  string
		want []byte
	}{
		{name: "Empty", msg: "", want: []byte{0, 0, 0, 4}},
		{name: "Hello", msg: "hello", want: append([]byte{0, 0, 0, 9}, "hello"...)},
		{name: "Long", msg: strings.Repeat("a", 300), want: append([]byte{0, 0, 0x01, 0x30}, strings.Repeat("a", 300)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			require.NoError(t, WriteFrame(&buf, []byte(tt.msg)))
			require.Equal(t, tt.want, buf.Bytes())
			got, err := ReadFrame(&buf, 1<<20)
			require.NoError(t, err)
			require.Equal(t, tt.msg, string(got))
		})
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("boom") }

func TestWriteFrameError(t *testing.T) {
	t.Parallel()
	err := WriteFrame(failingWriter{}, []byte("x"))
	require.ErrorContains(t, err, "boom")
}
