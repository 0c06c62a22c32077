package codec

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// countingCache returns a cache whose derivations are cheap and counted.
func countingCache(size int, calls *atomic.Int64) *KeyCache {
	c := NewKeyCache(size)
	c.derive = func(secret []byte, clientID uuid.UUID) Key {
		calls.Add(1)
		var k Key
		copy(k.b[:], clientID[:])
		copy(k.b[16:], secret)
		return k
	}
	return c
}

func TestKeyCacheDerivesOnce(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	c := countingCache(4, &calls)
	id := uuid.New()
	var wg sync.WaitGroup
	keys := make([]Key, 64)
	for i := range keys {
		wg.Go(func() { keys[i] = c.Get([]byte("secret"), id) })
	}
	wg.Wait()
	require.Equal(t, int64(1), calls.Load())
	for _, k := range keys {
		require.Equal(t, keys[0], k)
	}
}

func TestKeyCacheSeparatesSecretsAndClients(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	c := countingCache(8, &calls)
	a, b := uuid.New(), uuid.New()
	require.NotEqual(t, c.Get([]byte("s1"), a), c.Get([]byte("s2"), a))
	require.NotEqual(t, c.Get([]byte("s1"), a), c.Get([]byte("s1"), b))
	require.Equal(t, int64(3), calls.Load())
	require.Equal(t, 3, c.Len())
}

func TestKeyCacheEvictsLeastRecentlyUsed(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	c := countingCache(2, &calls)
	a, b, d := uuid.New(), uuid.New(), uuid.New()
	c.Get([]byte("s"), a)
	c.Get([]byte("s"), b)
	c.Get([]byte("s"), a) // a is now most recent
	c.Get([]byte("s"), d) // evicts b
	require.Equal(t, 2, c.Len())
	require.Equal(t, int64(3), calls.Load())
	c.Get([]byte("s"), a)
	require.Equal(t, int64(3), calls.Load(), "a still cached")
	c.Get([]byte("s"), b)
	require.Equal(t, int64(4), calls.Load(), "b was evicted")
}

func TestKeyCacheForget(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	c := countingCache(8, &calls)
	a, b := uuid.New(), uuid.New()
	c.Get([]byte("s1"), a)
	c.Get([]byte("s2"), a)
	c.Get([]byte("s1"), b)
	c.Forget(a)
	require.Equal(t, 1, c.Len())
	c.Get([]byte("s1"), a)
	require.Equal(t, int64(4), calls.Load())
}

func TestKeyCacheStoresNoSecret(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	c := countingCache(8, &calls)
	c.Get([]byte("my secret"), uuid.New())
	for id := range c.entries {
		require.NotContains(t, string(id.secret[:]), "my secret")
	}
}

func TestKeyCacheRetriesAfterPanic(t *testing.T) {
	t.Parallel()
	c := NewKeyCache(4)
	var calls atomic.Int64
	c.derive = func([]byte, uuid.UUID) Key {
		if calls.Add(1) == 1 {
			panic("boom")
		}
		return Key{b: [KeySize]byte{1}}
	}
	id := uuid.New()
	require.Panics(t, func() { c.Get([]byte("s"), id) })
	require.Equal(t, 0, c.Len())
	require.Equal(t, Key{b: [KeySize]byte{1}}, c.Get([]byte("s"), id))
}

func TestKeyCacheDefaultSize(t *testing.T) {
	t.Parallel()
	require.Equal(t, DefaultKeyCacheSize, NewKeyCache(0).size)
}

func TestKeyCacheRealDerivation(t *testing.T) {
	t.Parallel()
	c := NewKeyCache(1)
	id := uuid.MustParse("0666d464-418a-4a08-ad53-6f15c78270cd")
	secret := []byte("b4a4e6b7b811eda1dc1a2693ded")
	require.Equal(t, DeriveKey(secret, id), c.Get(secret, id))
}
