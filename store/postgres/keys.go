package postgres

import (
	"context"
	"fmt"

	"github.com/taskgate/taskgate/store"
)

// accountMakePlaintextSQL turns an encrypted account plaintext and stores its key in one
// statement; it inserts nothing when the account is not encrypted.
const accountMakePlaintextSQL = `
	WITH a AS (
		UPDATE accounts SET mode = 'plaintext' WHERE id = $1 AND mode = 'encrypted' RETURNING id
	)
	INSERT INTO account_keys (account_id, client_id, sealed_key, sealed_secret)
	SELECT id, $2, $3, $4 FROM a`

// AccountKeyGet returns the key the server holds for a plaintext account, or store.ErrNotFound
// when there is none (an encrypted or unknown account).
func (s *Store) AccountKeyGet(ctx context.Context, accountID int64) (store.AccountKey, error) {
	var k store.AccountKey
	err := s.pool.QueryRow(ctx,
		`SELECT client_id, sealed_key, sealed_secret FROM account_keys WHERE account_id = $1`,
		accountID).Scan(&k.ClientID, &k.SealedKey, &k.SealedSecret)
	if err != nil {
		return store.AccountKey{}, mapErr("postgres: get account key", err)
	}
	return k, nil
}

// AccountMakePlaintext turns the locked encrypted account into a plaintext one holding key. An
// account that is plaintext already is store.ErrConflict.
func (t *chainTx) AccountMakePlaintext(ctx context.Context, key store.AccountKey) (store.PlaintextTx, error) {
	tag, err := t.tx.Exec(ctx, accountMakePlaintextSQL, t.chain.AccountID, key.ClientID, key.SealedKey, key.SealedSecret)
	if err == nil && tag.RowsAffected() != 1 {
		err = fmt.Errorf("postgres: make account plaintext: account %d is plaintext already: %w",
			t.chain.AccountID, store.ErrConflict)
	}
	if err := t.fail(mapErr("postgres: make account plaintext", err)); err != nil {
		return nil, err
	}
	t.locked = nil // read again: the account is plaintext now, with a key
	return t, nil
}
