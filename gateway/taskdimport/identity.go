package taskdimport

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store"
)

// secretSize is the number of random bytes in a generated encryption secret, as for
// `taskgate account add --plaintext`.
const secretSize = 32

// identity is what an account's history is sealed for: the TaskChampion client id of its
// Taskwarrior 3 devices, their encryption secret and the key derived from both.
type identity struct {
	clientID uuid.UUID
	secret   string
	key      codec.Key
	// sealed is the key and secret sealed under the master key, for a new account.
	sealed store.AccountKey
}

// newIdentity makes a new client id and encryption secret and seals them under master.
func newIdentity(master keys.MasterKey) (identity, error) {
	clientID, err := uuid.NewRandom()
	if err != nil {
		return identity{}, fmt.Errorf("generating a client id: %w", err)
	}
	b := make([]byte, secretSize)
	if _, err := rand.Read(b); err != nil {
		return identity{}, fmt.Errorf("generating an encryption secret: %w", err)
	}
	secret := base64.RawURLEncoding.EncodeToString(b)
	sealed, err := chain.SealAccountKey(master, clientID, []byte(secret))
	if err != nil {
		return identity{}, fmt.Errorf("sealing the account key: %w", err)
	}
	return identity{clientID: clientID, secret: secret, key: codec.DeriveKey([]byte(secret), clientID), sealed: sealed}, nil
}

// heldIdentity opens the identity the server holds for an existing plaintext account.
func heldIdentity(ctx context.Context, st Store, master keys.MasterKey, accountID int64) (identity, error) {
	ak, err := st.AccountKeyGet(ctx, accountID)
	if err != nil {
		return identity{}, fmt.Errorf("reading the account key: %w", err)
	}
	secret, err := chain.OpenSecret(master, ak)
	if err != nil {
		return identity{}, fmt.Errorf("opening the account secret (is this the master key it was created with?): %w", err)
	}
	return identity{clientID: ak.ClientID, secret: string(secret), key: codec.DeriveKey(secret, ak.ClientID), sealed: ak}, nil
}
