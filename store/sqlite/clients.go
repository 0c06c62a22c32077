package sqlite

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// clientGetSQL reads a client's account.
const clientGetSQL = `
	SELECT ` + accountColumns + ` FROM champion_clients c
	JOIN accounts a ON a.id = c.account_id
	WHERE c.client_id = ?`

// ClientGet returns a TaskChampion client with its account, or store.ErrNotFound.
func (s *Store) ClientGet(ctx context.Context, clientID uuid.UUID) (store.Client, error) {
	a, err := scanAccount(s.reader().queryRow(ctx, clientGetSQL, clientID.String()))
	if err != nil {
		return store.Client{}, mapErr("sqlite: get client", err)
	}
	return store.Client{ClientID: clientID, Account: a}, nil
}

// ClientEnsureEncrypted returns the client, creating it first when it is unknown: a new
// encrypted account named after the client id (its canonical string), with an empty chain.
// Concurrent first calls for one id all succeed and see the same account. When the name is taken
// by an account that does not own this client, it returns store.ErrConflict.
func (s *Store) ClientEnsureEncrypted(ctx context.Context, clientID uuid.UUID) (store.Client, error) {
	c, err := s.ClientGet(ctx, clientID)
	if !errors.Is(err, store.ErrNotFound) {
		return c, err
	}
	p := store.AccountCreateParams{Name: clientID.String(), Mode: store.ModeEncrypted, ClientID: clientID}
	var a store.Account
	err = s.inTx(ctx, "sqlite: create client", func(r runner) error {
		var err error
		a, err = accountInsert(ctx, r, p, s.now(), true)
		return err
	})
	switch {
	case err == nil:
		return store.Client{ClientID: clientID, Account: a}, nil
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrConflict):
		return s.clientCreatedElsewhere(ctx, clientID)
	}
	return store.Client{}, err
}

// clientCreatedElsewhere re-reads a client whose creation found the name or the id taken: either
// a concurrent call created it (return it) or an unrelated account holds the name (conflict).
func (s *Store) clientCreatedElsewhere(ctx context.Context, clientID uuid.UUID) (store.Client, error) {
	c, err := s.ClientGet(ctx, clientID)
	if errors.Is(err, store.ErrNotFound) {
		return store.Client{}, fmt.Errorf("sqlite: create client %s: the account name is taken by another account: %w",
			clientID, store.ErrConflict)
	}
	return c, err
}
