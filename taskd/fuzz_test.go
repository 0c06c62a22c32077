package taskd

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// maxFuzzLimit bounds the limit FuzzReadFrame tries, so that frames can both fit and not fit.
const maxFuzzLimit = 1 << 16

// FuzzReadFrame checks that ReadFrame never panics, never reads past the frame, never returns a
// buffer larger than the declared body, rejects bodies at or above the limit before reading them,
// and returns on short input (a bytes.Reader never blocks, so a hang would be ReadFrame's).
func FuzzReadFrame(f *testing.F) {
	f.Add(frame(9, "hello"), 100)
	f.Add(frame(4, ""), 1)
	f.Add(frame(4+10, "1234567890"), 10)
	f.Add(frame(0xffffffff, "x"), 10)
	f.Add(frame(3, "abc"), 10)
	f.Add(frame(20, "abc"), 100)
	f.Add([]byte{0, 0}, 10)
	f.Add(frame(4+uint32(len(tw262Request)), tw262Request), 1<<20)
	f.Fuzz(func(t *testing.T, data []byte, limit int) {
		limit = 1 + int(uint(limit)%maxFuzzLimit)
		cr := &countingReader{r: bytes.NewReader(data)}
		body, err := ReadFrame(cr, limit)
		if len(data) < FrameHeaderLen {
			require.Error(t, err)
			return
		}
		declared := int64(binary.BigEndian.Uint32(data)) - FrameHeaderLen
		require.LessOrEqual(t, cr.n, FrameHeaderLen+max(declared, 0), "read past the frame")
		var tooBig *FrameTooBigError
		switch {
		case declared < 0:
			require.ErrorIs(t, err, ErrFrameLength)
		case declared >= int64(limit):
			require.ErrorAs(t, err, &tooBig)
			require.EqualValues(t, FrameHeaderLen, cr.n, "read an oversized body")
		case int64(len(data)) < FrameHeaderLen+declared:
			require.Error(t, err, "short body accepted")
		default:
			require.NoError(t, err)
			require.EqualValues(t, declared, len(body))
			require.LessOrEqual(t, cap(body), len(body), "allocated past the declared body")
			require.Equal(t, data[FrameHeaderLen:FrameHeaderLen+declared], body)
		}
	})
}

// FuzzParseMessage checks that ParseMessage never panics, fails only with its documented error
// types, and that Encode inverts it: parse, encode, parse gives an equal message and the same
// bytes again. Request decoding runs on every parsed message too, to catch panics there.
func FuzzParseMessage(f *testing.F) {
	for _, seed := range []string{
		tw262Request,
		"  a :  1 \t\nb:2\na: 3\n\npayload",
		"info: host:53589\r\n\n",
		"a:\n\n\n",
		": x\n\n",
		"a: 1\n\nx\n\n\n",
		"a: 1\nb: 2\n",
		"\n\npayload",
		"a: 1\nbogus\n\n",
		"a\x00: 1\n\n",
		":\n\n\x00",
		"abcd: 1\n\n\x00",
		response(201, "No change", testKey+"\n"),
		request(syncHeaders(map[string]string{"subtype": "init"}), testTaskA+"\n"+testTaskB+"\n"),
		request(syncHeaders(nil), "garbage\n"),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMessage(data)
		if err != nil {
			var pe *ParseError
			var se *StatusError
			require.True(t, errors.As(err, &pe) || errors.As(err, &se) && se.Code == StatusFailure,
				"ParseMessage(%q) = %v, want *ParseError or 401", data, err)
			return
		}
		enc := m.Encode()
		again, err := ParseMessage(enc)
		require.NoError(t, err, "ParseMessage(Encode(ParseMessage(%q)))", data)
		require.Equal(t, m, again, "round trip of %q", data)
		require.Equal(t, enc, again.Encode())
		if req, err := DecodeRequest(m); err == nil {
			_ = req.CheckProtocol()
			_, _ = req.SyncRequest()
		}
	})
}

// FuzzSyncRequest checks that decoding a sync payload never panics, fails only with a 500 or a
// 501, and on success returns the payload's task lines unchanged and in order, each long enough
// to name a uuid, and a key that is empty or UUID-shaped.
func FuzzSyncRequest(f *testing.F) {
	for _, seed := range []string{
		testKey + "\n" + testTaskA + "\n" + testTaskB + "\n\n",
		"{\n{\n{\n",
		"\n\n\n" + testKey,
		testTaskA + "\n{}\n",
		"garbage\n" + testTaskA,
		"",
	} {
		f.Add(seed, "")
	}
	f.Add(testTaskA, "init")
	f.Fuzz(func(t *testing.T, payload, subtype string) {
		sr, err := Request{Type: TypeSync, Subtype: subtype, Payload: payload}.SyncRequest()
		if err != nil {
			var se *StatusError
			require.ErrorAs(t, err, &se)
			require.Contains(t, []int{StatusSyntaxError, StatusIllegalParameters}, se.Code)
			return
		}
		require.True(t, sr.Key == "" || IsUUID(sr.Key), "key %q", sr.Key)
		var want [][]byte
		for line := range strings.SplitSeq(payload, "\n") {
			if strings.HasPrefix(line, "{") {
				want = append(want, []byte(line))
			}
		}
		require.Equal(t, len(want), len(sr.Tasks))
		for i, line := range sr.Tasks {
			require.Equal(t, want[i], line)
			require.GreaterOrEqual(t, len(line), minTaskLine)
		}
	})
}
