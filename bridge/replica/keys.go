package replica

import (
	"context"
	"fmt"
	"sync"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store"
)

// KeyStore is the slice of the store the key lookup needs.
type KeyStore interface {
	AccountKeyGet(ctx context.Context, accountID int64) (store.AccountKey, error)
}

// Scopes under which account secrets are sealed with the master key.
const (
	scopeKey    = "champion-key/"
	scopeSecret = "champion-secret/"
)

// SealAccountKey derives the TaskChampion key of secret for clientID and seals key and secret
// under the master key, ready to be stored with a new plaintext account.
func SealAccountKey(master keys.MasterKey, clientID uuid.UUID, secret []byte) (store.AccountKey, error) {
	key := codec.DeriveKey(secret, clientID)
	sealedKey, err := master.Seal(scopeKey+clientID.String(), key.Bytes())
	if err != nil {
		return store.AccountKey{}, err
	}
	sealedSecret, err := master.Seal(scopeSecret+clientID.String(), secret)
	if err != nil {
		return store.AccountKey{}, err
	}
	return store.AccountKey{ClientID: clientID, SealedKey: sealedKey, SealedSecret: sealedSecret}, nil
}

// OpenSecret returns the encryption secret held for a plaintext account.
func OpenSecret(master keys.MasterKey, k store.AccountKey) ([]byte, error) {
	return master.Open(scopeSecret+k.ClientID.String(), k.SealedSecret)
}

// keyCache keeps opened account keys so the master key is not used on every request. Entries
// are keyed by account and checked against the sealed bytes, so a converted or re-keyed account
// never uses a stale key.
type keyCache struct {
	mu   sync.RWMutex
	keys map[int64]cachedKey
}

type cachedKey struct {
	sealed string
	key    codec.Key
}

func (c *keyCache) get(accountID int64, sealed []byte) (codec.Key, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	ck, ok := c.keys[accountID]
	return ck.key, ok && ck.sealed == string(sealed)
}

func (c *keyCache) put(accountID int64, sealed []byte, key codec.Key) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keys == nil {
		c.keys = make(map[int64]cachedKey)
	}
	c.keys[accountID] = cachedKey{sealed: string(sealed), key: key}
}

// Key returns the account's TaskChampion key, opened with the master key once and then cached.
func (s *Service) Key(ctx context.Context, accountID int64) (codec.Key, error) {
	ak, err := s.store.AccountKeyGet(ctx, accountID)
	if err != nil {
		return codec.Key{}, fmt.Errorf("reading the key of account %d: %w", accountID, err)
	}
	if k, ok := s.keys.get(accountID, ak.SealedKey); ok {
		return k, nil
	}
	raw, err := s.master.Open(scopeKey+ak.ClientID.String(), ak.SealedKey)
	if err != nil {
		return codec.Key{}, fmt.Errorf("opening the key of account %d: %w", accountID, err)
	}
	k, err := codec.NewKey(raw)
	if err != nil {
		return codec.Key{}, err
	}
	s.keys.put(accountID, ak.SealedKey, k)
	return k, nil
}
