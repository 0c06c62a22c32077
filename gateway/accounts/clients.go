package accounts

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// Clients returns the account's TaskChampion client ids.
func (m *Manager) Clients(ctx context.Context, name string) ([]uuid.UUID, error) {
	a, err := m.account(ctx, name)
	if err != nil {
		return nil, err
	}
	ids, err := m.clients(ctx, a)
	if ids == nil {
		ids = []uuid.UUID{}
	}
	return ids, err
}

// ClientAdd gives an encrypted account another TaskChampion client id (a new random one when id
// is uuid.Nil) and returns it. A plaintext account is refused: its key is derived from its one
// client id, so a device with another id could not seal versions the server opens.
func (m *Manager) ClientAdd(ctx context.Context, name string, id uuid.UUID) (_ uuid.UUID, err error) {
	defer func() { err = m.audit(ctx, ActionClientAdd, name, "client "+id.String(), err) }()
	a, err := m.account(ctx, name)
	if err != nil {
		return uuid.Nil, err
	}
	if a.Mode == store.ModePlaintext {
		return uuid.Nil, refuse(ErrOneClient, "account %q is plaintext: its key belongs to its one client id, "+
			"which every device uses", name)
	}
	if id == uuid.Nil {
		if id, err = uuid.NewRandom(); err != nil {
			return uuid.Nil, fmt.Errorf("generating a client id: %w", err)
		}
	}
	err = m.st.ClientAdd(ctx, a.ID, id)
	if errors.Is(err, store.ErrConflict) {
		return uuid.Nil, refuse(store.ErrConflict, "client id %s belongs to an account already", id)
	}
	if err != nil {
		return uuid.Nil, fmt.Errorf("adding a client id to account %q: %w", name, err)
	}
	return id, nil
}

// ClientRemove takes a client id from the account: its devices get 403 (or, with client
// creation on, a new empty account) on their next sync. A plaintext account keeps the client id
// its key belongs to.
func (m *Manager) ClientRemove(ctx context.Context, name string, id uuid.UUID) (err error) {
	defer func() { err = m.audit(ctx, ActionClientRemove, name, "client "+id.String(), err) }()
	a, err := m.account(ctx, name)
	if err != nil {
		return err
	}
	if a.Mode == store.ModePlaintext {
		return refuse(ErrOneClient, "account %q is plaintext: its key belongs to its one client id, "+
			"which cannot be removed", name)
	}
	err = m.st.ClientRemove(ctx, a.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return refuse(store.ErrNotFound, "account %q has no client id %s", name, id)
	}
	if err != nil {
		return fmt.Errorf("removing a client id from account %q: %w", name, err)
	}
	return nil
}
