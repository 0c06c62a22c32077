package codec_test

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

// Test data directories, relative to this package: the encryption vectors are this package's
// own, the captured Taskwarrior 3.5 session is the module's (testdata/captured/README.md).
const (
	vectorsDir  = "testdata/vectors"
	capturedDir = "../../testdata/captured/taskwarrior-3.5"
)

// readFile reads a test data file or fails the test.
func readFile(t testing.TB, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return b
}

// readJSON decodes a JSON test data file into v.
func readJSON(t testing.TB, dir, name string, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(readFile(t, dir, name), v))
}

// keyFromHex builds a Key from its hex form.
func keyFromHex(t testing.TB, s string) codec.Key {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	k, err := codec.NewKey(b)
	require.NoError(t, err)
	return k
}

// keyHex returns the hex form of k.
func keyHex(k codec.Key) string {
	return hex.EncodeToString(k.Bytes())
}

// mustHex decodes a hex string.
func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// ts parses an RFC 3339 timestamp for test tables.
func ts(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	require.NoError(t, err)
	return v.UTC()
}

// testKey is a fixed key for tests that do not need a derived one.
func testKey() codec.Key {
	b := make([]byte, codec.KeySize)
	for i := range b {
		b[i] = byte(i * 7)
	}
	k, err := codec.NewKey(b)
	if err != nil {
		panic(err)
	}
	return k
}

// Fixed ids for tests.
var (
	idA = uuid.MustParse("56e0be07-c61f-494c-a54c-bdcfdd52d2a7")
	idB = uuid.MustParse("4b7ed904-f7b0-4293-8a10-ad452422c7b3")
)
