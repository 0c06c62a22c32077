package codec_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

func TestEncodeSegment(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 2, 3, 4, 5, 123_456_789, time.UTC)
	tests := []struct {
		name string
		ops  []codec.Op
		want string
	}{
		{"nil", nil, `{"operations":[]}`},
		{"empty", []codec.Op{}, `{"operations":[]}`},
		{"two", []codec.Op{codec.Create(idA), codec.Set(idA, "description", "buy milk", now)},
			`{"operations":[{"Create":{"uuid":"` + uA + `"}},{"Update":{"uuid":"` + uA +
				`","property":"description","value":"buy milk","timestamp":"2024-01-02T03:04:05.123456789Z"}}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := codec.EncodeSegment(tc.ops)
			require.NoError(t, err)
			require.Equal(t, tc.want, string(got))
		})
	}
}

func TestDecodeSegment(t *testing.T) {
	t.Parallel()
	got, err := codec.DecodeSegment([]byte(` {"extra":1, "operations" : [ {"Delete":{"uuid":"` + uA + `"}} ] } `))
	require.NoError(t, err)
	require.Equal(t, []codec.Op{codec.Delete(idA)}, got)

	got, err = codec.DecodeSegment([]byte(`{"operations":[]}`))
	require.NoError(t, err)
	require.NotNil(t, got)
	require.Empty(t, got)
}

func TestDecodeSegmentRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, msg string
	}{
		{"empty input", ``, "unexpected end of JSON input"},
		{"bare array", `[{"Create":{"uuid":"` + uA + `"}}]`, "expected"},
		{"missing operations", `{}`, "missing \"operations\""},
		{"operations case", `{"Operations":[]}`, "missing \"operations\""},
		{"null operations", `{"operations":null}`, "must be an array"},
		{"object operations", `{"operations":{}}`, "must be an array"},
		{"duplicate operations", `{"operations":[],"operations":[]}`, "duplicate key"},
		{"bad op", `{"operations":[{"Create":{"uuid":"` + uA + `"}},{"Create":{}}]}`, "operation 1"},
		{"null op", `{"operations":[null]}`, "operation 0"},
		{"trailing", `{"operations":[]}{}`, "after top-level value"},
		{"invalid utf8", "{\"x\":\"\xff\",\"operations\":[]}", "UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ops, err := codec.DecodeSegment([]byte(tc.in))
			require.ErrorIs(t, err, codec.ErrInvalidSegment)
			require.ErrorContains(t, err, tc.msg)
			require.Nil(t, ops)
		})
	}
}

func TestSealOpenSegment(t *testing.T) {
	t.Parallel()
	key, parent := testKey(), uuid.New()
	ops := []codec.Op{codec.Create(idA), codec.Set(idA, "status", "pending", time.Now()), codec.Remove(idA, "wait", time.Now()), codec.Delete(idB)}
	sealed, err := codec.SealSegment(key, parent, ops)
	require.NoError(t, err)
	got, err := codec.OpenSegment(key, parent, sealed)
	require.NoError(t, err)
	require.Equal(t, ops, got)

	_, err = codec.OpenSegment(key, uuid.New(), sealed)
	require.ErrorIs(t, err, codec.ErrAuthFailed)

	_, err = codec.SealSegment(key, parent, []codec.Op{{}})
	require.ErrorIs(t, err, codec.ErrInvalidOp)

	garbage, err := codec.Seal(key, parent, []byte("[]"))
	require.NoError(t, err)
	_, err = codec.OpenSegment(key, parent, garbage)
	require.ErrorIs(t, err, codec.ErrInvalidSegment)
}

// TestSealSegmentOpensAsEncoded: a segment sealed in place opens as the one encoded apart, with
// and without room for the tag and whatever the escapes make of the estimate.
func TestSealSegmentOpensAsEncoded(t *testing.T) {
	t.Parallel()
	key, parent := codec.DeriveKey([]byte("s"), uuid.New()), uuid.New()
	big := strings.Repeat("\"esc\\aped\"\n", 5000)
	for _, ops := range [][]codec.Op{nil, {codec.Create(uuid.New())}, {codec.Set(uuid.New(), "description", big, time.Unix(1, 0))}} {
		sealed, err := codec.SealSegment(key, parent, ops)
		require.NoError(t, err)
		plain, err := codec.Open(key, parent, sealed)
		require.NoError(t, err)
		want, err := codec.EncodeSegment(ops)
		require.NoError(t, err)
		require.Equal(t, want, plain)
	}
}
