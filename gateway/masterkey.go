package gateway

import (
	"context"
	"errors"
	"fmt"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store"
)

// ErrWrongMasterKey refuses a master key that is not the one the store's secrets are sealed
// with: every plaintext sync and every certificate would fail with it.
var ErrWrongMasterKey = errors.New("the master key does not open this store's key check: it is not the master key " +
	"this store's plaintext accounts and certificates were sealed with (check --master-key-file or TASKGATE_MASTER_KEY; " +
	"every process on one store needs the same key)")

// KeyCheckStore is what the master key check needs of the store.
type KeyCheckStore interface {
	// KeyCheckGet returns the sealed key check, or store.ErrNotFound.
	KeyCheckGet(ctx context.Context) ([]byte, error)
	// KeyCheckCreate writes the key check; a second one is store.ErrConflict.
	KeyCheckCreate(ctx context.Context, sealed []byte) error
	// AccountList returns every account ordered by name.
	AccountList(ctx context.Context) ([]store.Account, error)
	// AccountKeyGet returns the sealed key of a plaintext account.
	AccountKeyGet(ctx context.Context, accountID int64) (store.AccountKey, error)
}

// LoadMasterKey loads the configured master key (generating it for the embedded default) and
// checks it against the store with CheckMasterKey. generated is the file of a key it just made.
func LoadMasterKey(ctx context.Context, cfg Config, st KeyCheckStore) (key keys.MasterKey, generated string, err error) {
	key, generated, err = keys.Load(cfg.MasterKeySource())
	if err != nil {
		return keys.MasterKey{}, "", fmt.Errorf("loading the master key: %w", err)
	}
	if err := CheckMasterKey(ctx, st, key); err != nil {
		return keys.MasterKey{}, "", err
	}
	return key, generated, nil
}

// CheckMasterKey refuses a master key that does not open the store's key check
// (ErrWrongMasterKey). A store without one gets it, once the key is shown to open the sealed
// secret of a plaintext account, if there is any; so the first process to serve a store fixes
// its master key. No master key has nothing to check.
func CheckMasterKey(ctx context.Context, st KeyCheckStore, key keys.MasterKey) error {
	if !key.Valid() {
		return nil
	}
	sealed, err := st.KeyCheckGet(ctx)
	switch {
	case err == nil && key.OpensCheck(sealed):
		return nil
	case err == nil:
		return ErrWrongMasterKey
	case !errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("reading the master key check: %w", err)
	}
	if err := opensAccountKeys(ctx, st, key); err != nil {
		return err
	}
	if sealed, err = key.SealCheck(); err != nil {
		return err
	}
	err = st.KeyCheckCreate(ctx, sealed)
	if errors.Is(err, store.ErrConflict) {
		return CheckMasterKey(ctx, st, key) // another process wrote it first
	}
	if err != nil {
		return fmt.Errorf("writing the master key check: %w", err)
	}
	return nil
}

// opensAccountKeys checks key against the first plaintext account of a store that has no key
// check yet (one served before the check existed).
func opensAccountKeys(ctx context.Context, st KeyCheckStore, key keys.MasterKey) error {
	list, err := st.AccountList(ctx)
	if err != nil {
		return fmt.Errorf("reading accounts for the master key check: %w", err)
	}
	for _, a := range list {
		if a.Mode != store.ModePlaintext {
			continue
		}
		k, err := st.AccountKeyGet(ctx, a.ID)
		if err != nil {
			return fmt.Errorf("reading the key of account %q for the master key check: %w", a.Name, err)
		}
		if _, err := chain.OpenSecret(key, k); err != nil {
			return ErrWrongMasterKey
		}
		return nil
	}
	return nil
}
