package codec_test

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"io"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

// deflate zlib-compresses s.
func deflate(t testing.TB, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	_, err := zw.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// inflateAll decompresses a zlib stream without limits.
func inflateAll(t testing.TB, b []byte) string {
	t.Helper()
	zr, err := zlib.NewReader(bytes.NewReader(b))
	require.NoError(t, err)
	out, err := io.ReadAll(zr)
	require.NoError(t, err)
	return string(out)
}

func TestEncodeSnapshot(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		tasks codec.Tasks
		want  string
	}{
		{"nil", nil, `{}`},
		{"empty", codec.Tasks{}, `{}`},
		{"sorted", codec.Tasks{
			idA: {"status": "pending", "description": "buy <milk> & \"eggs\"", "tag_home": "x"},
			idB: {},
		}, `{"4b7ed904-f7b0-4293-8a10-ad452422c7b3":{},"56e0be07-c61f-494c-a54c-bdcfdd52d2a7":` +
			`{"description":"buy <milk> & \"eggs\"","status":"pending","tag_home":"x"}}`},
		{"nil task map", codec.Tasks{idA: nil}, `{"56e0be07-c61f-494c-a54c-bdcfdd52d2a7":{}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := codec.EncodeSnapshot(tc.tasks)
			require.NoError(t, err)
			require.Equal(t, byte(0x78), got[0], "zlib header")
			require.Equal(t, tc.want, inflateAll(t, got))
		})
	}
}

func TestEncodeSnapshotRejectsInvalidUTF8(t *testing.T) {
	t.Parallel()
	_, err := codec.EncodeSnapshot(codec.Tasks{idA: {"p": "\xff"}})
	require.ErrorIs(t, err, codec.ErrInvalidSnapshot)
	_, err = codec.EncodeSnapshot(codec.Tasks{idA: {"\xff": "v"}})
	require.ErrorIs(t, err, codec.ErrInvalidSnapshot)
}

func TestDecodeSnapshot(t *testing.T) {
	t.Parallel()
	got, err := codec.DecodeSnapshot(deflate(t, ` {"`+uA+`":{"a":"1","b":""}, "4B7ED904-F7B0-4293-8A10-AD452422C7B3":{}} `))
	require.NoError(t, err)
	require.Equal(t, codec.Tasks{idA: {"a": "1", "b": ""}, idB: {}}, got)

	got, err = codec.DecodeSnapshot(deflate(t, `{}`))
	require.NoError(t, err)
	require.NotNil(t, got)
	require.Empty(t, got)
}

func TestDecodeSnapshotRejects(t *testing.T) {
	t.Parallel()
	gz := func(s string) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write([]byte(s))
		_ = zw.Close()
		return buf.Bytes()
	}
	valid := deflate(t, `{}`)
	tests := []struct {
		name string
		in   []byte
		want error
		msg  string
	}{
		{"empty", nil, codec.ErrInvalidSnapshot, "zlib"},
		{"plain json", []byte(`{}`), codec.ErrInvalidSnapshot, "zlib"},
		{"gzip", gz(`{}`), codec.ErrInvalidSnapshot, "zlib"},
		{"truncated", valid[:len(valid)-2], codec.ErrInvalidSnapshot, "zlib"},
		{"bad checksum", with(valid, len(valid)-1, valid[len(valid)-1]^1), codec.ErrInvalidSnapshot, "checksum"},
		{"null", deflate(t, `null`), codec.ErrInvalidSnapshot, "null"},
		{"array", deflate(t, `[]`), codec.ErrInvalidSnapshot, "cannot unmarshal"},
		{"bad uuid", deflate(t, `{"x":{}}`), codec.ErrInvalidSnapshot, "UUID"},
		{"null task", deflate(t, `{"`+uA+`":null}`), codec.ErrInvalidSnapshot, "is null"},
		{"null value", deflate(t, `{"`+uA+`":{"p":null}}`), codec.ErrInvalidSnapshot, "must be a string"},
		{"number value", deflate(t, `{"`+uA+`":{"p":1}}`), codec.ErrInvalidSnapshot, "must be a string"},
		{"invalid utf8", deflate(t, "{\""+uA+"\":{\"p\":\"\xff\"}}"), codec.ErrInvalidSnapshot, "UTF-8"},
		{"trailing", deflate(t, `{}{}`), codec.ErrInvalidSnapshot, "after top-level value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := codec.DecodeSnapshot(tc.in)
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.msg)
			require.Nil(t, got)
		})
	}
}

func TestDecodeSnapshotLimit(t *testing.T) {
	t.Parallel()
	js := `{"` + uA + `":{"description":"` + strings.Repeat("a", 1000) + `"}}`
	data := deflate(t, js)
	_, err := codec.DecodeSnapshotLimit(data, int64(len(js)))
	require.NoError(t, err)
	_, err = codec.DecodeSnapshotLimit(data, int64(len(js)-1))
	require.ErrorIs(t, err, codec.ErrSnapshotTooLarge)

	// A zip bomb: 64 MiB of zeros compress to about 64 KiB.
	bomb := deflate(t, strings.Repeat("\x00", 64<<20))
	require.Less(t, len(bomb), 1<<17)
	_, err = codec.DecodeSnapshotLimit(bomb, 1<<20)
	require.ErrorIs(t, err, codec.ErrSnapshotTooLarge)
}

func TestSealOpenSnapshot(t *testing.T) {
	t.Parallel()
	key, version := testKey(), uuid.New()
	tasks := codec.Tasks{idA: {"description": "café ✓", "status": "pending"}, idB: {}}
	sealed, err := codec.SealSnapshot(key, version, tasks)
	require.NoError(t, err)
	got, err := codec.OpenSnapshot(key, version, sealed)
	require.NoError(t, err)
	require.Equal(t, tasks, got)

	_, err = codec.OpenSnapshot(key, uuid.New(), sealed)
	require.ErrorIs(t, err, codec.ErrAuthFailed)
	_, err = codec.SealSnapshot(key, version, codec.Tasks{idA: {"p": "\xff"}})
	require.ErrorIs(t, err, codec.ErrInvalidSnapshot)
}

func TestTasksClone(t *testing.T) {
	t.Parallel()
	require.Nil(t, codec.Tasks(nil).Clone())
	orig := codec.Tasks{idA: {"a": "1"}, idB: nil}
	c := orig.Clone()
	require.Equal(t, orig, c)
	c[idA]["a"] = "2"
	delete(c, idB)
	require.Equal(t, codec.Tasks{idA: {"a": "1"}, idB: nil}, orig)
}

// TestSealSnapshotStreamOpensAsWritten: a snapshot written piece by piece into the compressor
// and sealed in place opens as the tasks written.
func TestSealSnapshotStreamOpensAsWritten(t *testing.T) {
	t.Parallel()
	key, v := codec.DeriveKey([]byte("s"), uuid.New()), uuid.New()
	id := uuid.New()
	want := codec.Tasks{id: {"description": strings.Repeat("x", 100000)}}
	sealed, err := codec.SealSnapshotStream(key, v, func(w io.Writer) error {
		for _, piece := range []string{`{"`, id.String(), `":{"description":"`, want[id]["description"], `"}}`} {
			if _, err := io.WriteString(w, piece); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
	got, err := codec.OpenSnapshot(key, v, sealed)
	require.NoError(t, err)
	require.Equal(t, want, got)
}
