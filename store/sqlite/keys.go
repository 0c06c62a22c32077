package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/taskgate/taskgate/store"
)

const (
	// accountKeyGetSQL reads a plaintext account's key.
	accountKeyGetSQL = `SELECT client_id, sealed_key, sealed_secret FROM account_keys WHERE account_id = ?`
	// accountKeyInsertSQL stores a key; its foreign key only accepts a plaintext account.
	accountKeyInsertSQL = `
		INSERT INTO account_keys (account_id, client_id, sealed_key, sealed_secret, created_at)
		VALUES (?, ?, ?, ?, ?)`
	// accountMakePlaintextSQL turns an encrypted account plaintext; it matches no row otherwise.
	accountMakePlaintextSQL = `UPDATE accounts SET mode = 'plaintext' WHERE id = ? AND mode = 'encrypted'`
)

// AccountKeyGet returns the key the server holds for a plaintext account, or store.ErrNotFound
// when there is none (an encrypted or unknown account).
func (s *Store) AccountKeyGet(ctx context.Context, accountID int64) (store.AccountKey, error) {
	var k store.AccountKey
	err := s.reader().queryRow(ctx, accountKeyGetSQL, accountID).Scan(&k.ClientID, &k.SealedKey, &k.SealedSecret)
	if err != nil {
		return store.AccountKey{}, mapErr("sqlite: get account key", err)
	}
	return k, nil
}

// keyInsert stores the key of account accountID through r. An account that is not plaintext is
// store.ErrNotPlaintext, one that has a key already store.ErrConflict.
func keyInsert(ctx context.Context, r runner, accountID int64, k store.AccountKey, now time.Time) error {
	_, err := r.exec(ctx, accountKeyInsertSQL, accountID, k.ClientID.String(), k.SealedKey, k.SealedSecret, now.Unix())
	return mapErr("sqlite: insert account key", err)
}

// AccountMakePlaintext turns the locked encrypted account into a plaintext one holding key. An
// account that is plaintext already is store.ErrConflict. These statements are not cached: the
// conversion is rare, and running them on the transaction prepares them on its own connection.
func (t *chainTx) AccountMakePlaintext(ctx context.Context, key store.AccountKey) (store.PlaintextTx, error) {
	if t.failed != nil {
		return nil, t.failed
	}
	if err := t.fail(t.makePlaintext(ctx, key)); err != nil {
		return nil, err
	}
	return t, nil
}

// makePlaintext does the two statements of AccountMakePlaintext.
func (t *chainTx) makePlaintext(ctx context.Context, key store.AccountKey) error {
	res, err := t.r.exec(ctx, accountMakePlaintextSQL, t.chain.AccountID)
	if err != nil {
		return mapErr("sqlite: make account plaintext", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return alreadyPlaintextErr(t.chain.AccountID, err)
	}
	return keyInsert(ctx, t.r, t.chain.AccountID, key, t.now())
}

// alreadyPlaintextErr explains a conversion that matched no encrypted account.
func alreadyPlaintextErr(accountID int64, err error) error {
	if err != nil {
		return mapErr("sqlite: make account plaintext", err)
	}
	return fmt.Errorf("sqlite: make account plaintext: account %d is plaintext already: %w", accountID, store.ErrConflict)
}
