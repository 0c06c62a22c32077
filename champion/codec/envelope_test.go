package codec_test

import (
	"bytes"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	key := testKey()
	version := uuid.MustParse("b0517957-f912-4d49-8330-f612e73030c4")
	for _, size := range []int{0, 1, 7, 1000, 1 << 20} {
		plain := bytes.Repeat([]byte{0xab}, size)
		sealed, err := codec.Seal(key, version, plain)
		require.NoError(t, err)
		require.Len(t, sealed, size+codec.Overhead)
		require.Equal(t, byte(codec.EnvelopeVersion), sealed[0])
		got, err := codec.Open(key, version, sealed)
		require.NoError(t, err)
		require.Equal(t, len(plain), len(got))
		require.True(t, bytes.Equal(plain, got))
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	t.Parallel()
	a, err := codec.Seal(testKey(), uuid.Nil, []byte("x"))
	require.NoError(t, err)
	b, err := codec.Seal(testKey(), uuid.Nil, []byte("x"))
	require.NoError(t, err)
	require.NotEqual(t, a[1:13], b[1:13])
}

func TestSealWithNonceRejectsBadNonce(t *testing.T) {
	t.Parallel()
	_, err := codec.SealWithNonce(testKey(), uuid.Nil, make([]byte, 11), nil)
	require.Error(t, err)
}

func TestOpenFailures(t *testing.T) {
	t.Parallel()
	key := testKey()
	version := uuid.MustParse("b0517957-f912-4d49-8330-f612e73030c4")
	sealed, err := codec.SealWithNonce(key, version, make([]byte, codec.NonceSize), []byte("SUCCESS"))
	require.NoError(t, err)
	other := keyFromHex(t, "ff"+keyHex(key)[2:])
	tests := []struct {
		name    string
		key     codec.Key
		version uuid.UUID
		data    func() []byte
		want    error
	}{
		{"empty", key, version, func() []byte { return nil }, codec.ErrTooSmall},
		{"header only", key, version, func() []byte { return sealed[:13] }, codec.ErrTooSmall},
		{"one short of minimum", key, version, func() []byte { return sealed[:codec.Overhead-1] }, codec.ErrTooSmall},
		{"truncated", key, version, func() []byte { return sealed[:len(sealed)-1] }, codec.ErrAuthFailed},
		{"version 0", key, version, func() []byte { return with(sealed, 0, 0) }, codec.ErrUnknownVersion},
		{"version 2", key, version, func() []byte { return with(sealed, 0, 2) }, codec.ErrUnknownVersion},
		{"flipped nonce", key, version, func() []byte { return with(sealed, 1, sealed[1]^1) }, codec.ErrAuthFailed},
		{"flipped tag", key, version, func() []byte { return with(sealed, len(sealed)-1, sealed[len(sealed)-1]^1) }, codec.ErrAuthFailed},
		{"wrong key", other, version, func() []byte { return sealed }, codec.ErrAuthFailed},
		{"wrong version id", key, uuid.Nil, func() []byte { return sealed }, codec.ErrAuthFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			plain, err := codec.Open(tc.key, tc.version, tc.data())
			require.ErrorIs(t, err, tc.want)
			require.Nil(t, plain)
		})
	}
}

// with returns a copy of b with b[i] = v.
func with(b []byte, i int, v byte) []byte {
	c := bytes.Clone(b)
	c[i] = v
	return c
}

func TestOpenDoesNotAlias(t *testing.T) {
	t.Parallel()
	sealed, err := codec.Seal(testKey(), uuid.Nil, []byte("hello"))
	require.NoError(t, err)
	plain, err := codec.Open(testKey(), uuid.Nil, sealed)
	require.NoError(t, err)
	plain[0] = 'j'
	again, err := codec.Open(testKey(), uuid.Nil, sealed)
	require.NoError(t, err)
	require.Equal(t, "hello", string(again))
}
