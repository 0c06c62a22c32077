package codec

import (
	"container/list"
	"crypto/sha256"
	"sync"

	"github.com/google/uuid"
)

// DefaultKeyCacheSize is the capacity NewKeyCache uses when given a
// non-positive size.
const DefaultKeyCacheSize = 1024

// KeyCache remembers derived keys so that the expensive PBKDF2 derivation
// runs once per (client id, secret) pair. It is safe for concurrent use,
// evicts the least recently used entry beyond its capacity, and stores only
// a SHA-256 digest of each secret, never the secret itself. Concurrent
// lookups of the same pair share one derivation.
type KeyCache struct {
	mu      sync.Mutex
	size    int
	order   *list.List // of *cacheEntry, most recently used first
	entries map[cacheID]*list.Element
	derive  func(secret []byte, clientID uuid.UUID) Key
}

// cacheID identifies one (client id, secret) pair without holding the secret.
type cacheID struct {
	client uuid.UUID
	secret [sha256.Size]byte
}

// cacheEntry is one cached or in-flight derivation. Once done is closed, key
// is valid if ok is true; otherwise the derivation panicked and the entry has
// left the cache.
type cacheEntry struct {
	id   cacheID
	done chan struct{}
	key  Key
	ok   bool
}

// NewKeyCache returns an empty cache holding at most size keys
// (DefaultKeyCacheSize if size <= 0).
func NewKeyCache(size int) *KeyCache {
	if size <= 0 {
		size = DefaultKeyCacheSize
	}
	return &KeyCache{
		size:    size,
		order:   list.New(),
		entries: make(map[cacheID]*list.Element),
		derive:  DeriveKey,
	}
}

// Get returns the key for secret and clientID, deriving it on first use.
func (c *KeyCache) Get(secret []byte, clientID uuid.UUID) Key {
	id := cacheID{client: clientID, secret: sha256.Sum256(secret)}
	for {
		e, fresh := c.lookup(id)
		if fresh {
			c.fill(e, secret, clientID)
		}
		<-e.done
		if e.ok {
			return e.key
		}
	}
}

// fill derives the key of a fresh entry and releases its waiters. If the
// derivation panics, the entry is dropped so that waiters retry.
func (c *KeyCache) fill(e *cacheEntry, secret []byte, clientID uuid.UUID) {
	defer func() {
		if !e.ok {
			c.drop(e)
		}
		close(e.done)
	}()
	e.key = c.derive(secret, clientID)
	e.ok = true
}

// drop removes e from the cache if it is still there.
func (c *KeyCache) drop(e *cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[e.id]; ok && el.Value.(*cacheEntry) == e {
		c.remove(el)
	}
}

// lookup returns the entry for id, creating it (fresh == true) when absent.
// The caller of a fresh entry must fill in its key and close done.
func (c *KeyCache) lookup(id cacheID) (e *cacheEntry, fresh bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[id]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*cacheEntry), false
	}
	e = &cacheEntry{id: id, done: make(chan struct{})}
	c.entries[id] = c.order.PushFront(e)
	for c.order.Len() > c.size {
		c.remove(c.order.Back())
	}
	return e, true
}

// Forget drops every cached key of clientID, for example after its secret
// changed or the client was deleted.
func (c *KeyCache) Forget(clientID uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for el := c.order.Front(); el != nil; {
		next := el.Next()
		if el.Value.(*cacheEntry).id.client == clientID {
			c.remove(el)
		}
		el = next
	}
}

// Len returns the number of cached keys, including derivations in flight.
func (c *KeyCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// remove unlinks el; c.mu must be held.
func (c *KeyCache) remove(el *list.Element) {
	c.order.Remove(el)
	delete(c.entries, el.Value.(*cacheEntry).id)
}
