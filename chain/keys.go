package chain

import (
	"fmt"
	"sync"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store"
)

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

// keyRing opens the account keys read under the chain lock with the master key, and keeps them:
// an entry is keyed by account and checked against the sealed bytes it was opened from, so a
// converted or re-keyed account never uses a stale key, and no cache needs invalidating.
type keyRing struct {
	master keys.MasterKey
	mu     sync.RWMutex
	keys   map[int64]openedKey
}

type openedKey struct {
	sealed string
	key    codec.Key
}

func newKeyRing(master keys.MasterKey) *keyRing {
	return &keyRing{master: master, keys: make(map[int64]openedKey)}
}

// open returns the account's TaskChampion key.
func (r *keyRing) open(a store.PlaintextAccount) (codec.Key, error) {
	r.mu.RLock()
	ok, hit := r.keys[a.ID]
	r.mu.RUnlock()
	if hit && ok.sealed == string(a.Key.SealedKey) {
		return ok.key, nil
	}
	raw, err := r.master.Open(scopeKey+a.Key.ClientID.String(), a.Key.SealedKey)
	if err != nil {
		return codec.Key{}, fmt.Errorf("opening the key of account %d: %w", a.ID, err)
	}
	k, err := codec.NewKey(raw)
	if err != nil {
		return codec.Key{}, fmt.Errorf("the key of account %d: %w", a.ID, err)
	}
	r.mu.Lock()
	r.keys[a.ID] = openedKey{sealed: string(a.Key.SealedKey), key: k}
	r.mu.Unlock()
	return k, nil
}
