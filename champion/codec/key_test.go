package codec_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

func TestNewKey(t *testing.T) {
	t.Parallel()
	_, err := codec.NewKey(make([]byte, 31))
	require.Error(t, err)
	_, err = codec.NewKey(make([]byte, 33))
	require.Error(t, err)
	k, err := codec.NewKey(make([]byte, 32))
	require.NoError(t, err)
	require.True(t, k.IsZero())
	require.False(t, testKey().IsZero())
}

func TestKeyBytesIsACopy(t *testing.T) {
	t.Parallel()
	k := testKey()
	b := k.Bytes()
	b[0] ^= 0xff
	require.Equal(t, testKey(), k)
}

func TestKeyNeverPrintsBytes(t *testing.T) {
	t.Parallel()
	k := keyFromHex(t, defaultKeyHex)
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("x", "key", k)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "key", k)
	js, err := json.Marshal(struct{ K codec.Key }{k})
	require.NoError(t, err)
	outputs := []string{
		fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s %q %x %X %d", k, k, k, k, k, k, k, k),
		fmt.Sprintf("%v %#v %x", &k, &k, &k), fmt.Sprintf("%v %+v", []codec.Key{k}, struct{ K codec.Key }{k}),
		k.String(), k.GoString(), string(js), logged.String(),
	}
	for _, out := range outputs {
		require.Contains(t, out, "REDACTED")
		require.NotContains(t, out, defaultKeyHex[:8])
		require.NotContains(t, strings.ToLower(out), "49 97 120") // decimal bytes
	}
}
