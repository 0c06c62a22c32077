package codec_test

import (
	"bytes"
	"compress/zlib"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

// fuzzVersion is the version id FuzzOpen opens with.
var fuzzVersion = uuid.MustParse("b0517957-f912-4d49-8330-f612e73030c4")

func FuzzOpen(f *testing.F) {
	key := keyFromHex(f, defaultKeyHex)
	for _, name := range []string{"test-good.data", "test-bad-version.data", "test-bad-app-id.data"} {
		f.Add(readFile(f, vectorsDir, name))
	}
	f.Add([]byte{})
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, data []byte) {
		plain, err := codec.Open(key, fuzzVersion, data)
		if err != nil {
			require.True(t, errors.Is(err, codec.ErrTooSmall) || errors.Is(err, codec.ErrUnknownVersion) ||
				errors.Is(err, codec.ErrAuthFailed), "unclassified error %v", err)
			return
		}
		resealed, err := codec.SealWithNonce(key, fuzzVersion, data[1:1+codec.NonceSize], plain)
		require.NoError(t, err)
		require.Equal(t, data, resealed)
	})
}

func FuzzDecodeSegment(f *testing.F) {
	f.Add(readFile(f, generatedDir, "history-segment.plain.json"))
	f.Add([]byte(`{"operations":[]}`))
	f.Add([]byte(`{"operations":[{"Update":{"uuid":"` + uA + `","property":"p","value":null,"timestamp":"2024-01-02T03:04:05.5+01:00"}}]}`))
	f.Add([]byte(`{"operations":[{"Delete":{"uuid":"` + uA + `"}},{"Create":{"uuid":"` + uA + `","x":[1,{}]}}],"v":2}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ops, err := codec.DecodeSegment(data)
		if err != nil {
			require.ErrorIs(t, err, codec.ErrInvalidSegment)
			require.Nil(t, ops)
			return
		}
		encoded, err := codec.EncodeSegment(ops)
		require.NoError(t, err, "decoded operations must re-encode")
		again, err := codec.DecodeSegment(encoded)
		require.NoError(t, err, "re-encoded segment must decode: %s", encoded)
		require.Equal(t, ops, again)
		encodedAgain, err := codec.EncodeSegment(again)
		require.NoError(t, err)
		require.Equal(t, string(encoded), string(encodedAgain))
	})
}

// fuzzSnapshotLimit is the decompression cap FuzzDecodeSnapshot enforces.
const fuzzSnapshotLimit = 4096

func FuzzDecodeSnapshot(f *testing.F) {
	f.Add(readFile(f, generatedDir, "snapshot.zlib"), false)
	f.Add(readFile(f, generatedDir, "snapshot.plain.json"), true)
	f.Add([]byte(`{}`), true)
	f.Add([]byte(`{"`+uA+`":{"a":"\u00e9\n","b":""}}`), true)
	f.Add(bytes.Repeat([]byte{' '}, fuzzSnapshotLimit+1), true)
	f.Fuzz(func(t *testing.T, data []byte, compress bool) {
		input := data
		if compress {
			input = zlibBytes(t, data)
		}
		tasks, err := codec.DecodeSnapshotLimit(input, fuzzSnapshotLimit)
		if compress && len(data) > fuzzSnapshotLimit {
			require.ErrorIs(t, err, codec.ErrSnapshotTooLarge)
		}
		if err != nil {
			require.True(t, errors.Is(err, codec.ErrInvalidSnapshot) || errors.Is(err, codec.ErrSnapshotTooLarge),
				"unclassified error %v", err)
			require.Nil(t, tasks)
			return
		}
		encoded, err := codec.EncodeSnapshot(tasks)
		require.NoError(t, err, "decoded tasks must re-encode")
		again, err := codec.DecodeSnapshot(encoded)
		require.NoError(t, err)
		require.Equal(t, tasks, again)
	})
}

// zlibBytes compresses b.
func zlibBytes(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	_, err := zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}
