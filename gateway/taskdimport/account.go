package taskdimport

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
)

// errKeyTaken means another account took the taskd key while the import prepared its own.
var errKeyTaken = errors.New("the taskd key already belongs to an account")

// account returns the account to write the history into: the existing one, or a new plaintext
// account with the identity and the user's taskd credential under the first free name.
func (im *Importer) account(ctx context.Context, u User, key uuid.UUID, id identity, existing *found) (store.Account, error) {
	if existing != nil {
		return existing.account, nil
	}
	sealed := id.sealed
	p := store.AccountCreateParams{Mode: store.ModePlaintext, ClientID: id.clientID, Key: &sealed,
		Taskd: &store.TaskdCredential{Org: u.Org, User: u.Name, Key: key}}
	names := accountNames(u.Org, u.Name)
	for _, name := range names {
		p.Name = name
		a, err := im.st.AccountCreate(ctx, p)
		if err == nil {
			return a, nil
		}
		if !errors.Is(err, store.ErrConflict) {
			return store.Account{}, fmt.Errorf("creating account %q: %w", name, err)
		}
		if _, holder, gerr := im.st.TaskdCredentialGet(ctx, key); gerr == nil {
			return holder, errKeyTaken
		}
		if _, gerr := im.st.AccountGetByName(ctx, name); gerr != nil {
			return store.Account{}, fmt.Errorf("creating account %q: %w", name, err)
		}
	}
	return store.Account{}, fmt.Errorf("the account names %q to %q are all taken", names[0], names[len(names)-1])
}

// freeName returns the first account name not taken yet (for a dry run).
func (im *Importer) freeName(ctx context.Context, u User) string {
	names := accountNames(u.Org, u.Name)
	for _, name := range names {
		if im.st == nil {
			return name
		}
		if _, err := im.st.AccountGetByName(ctx, name); errors.Is(err, store.ErrNotFound) {
			return name
		}
	}
	return names[0]
}

// fill writes the history into the account while it is suspended, so that no client syncs
// into it half-way, then gives it the user's taskd status. Should the history transaction fail,
// the account stays suspended and empty, and the next run completes it.
func (im *Importer) fill(ctx context.Context, u User, acct store.Account, h chain.History, udaTypes map[string]string) error {
	if err := im.st.AccountSetStatus(ctx, acct.ID, store.StatusSuspended); err != nil {
		return fmt.Errorf("suspending account %q while its history is written: %w", acct.Name, err)
	}
	h.UDATypes = udaTypes
	err := chain.New(im.st, im.master, chain.Config{}).Import(ctx, acct.ID, h)
	if err != nil {
		return fmt.Errorf("writing the history of account %q failed, nothing of it was kept (%w); the account "+
			"stays suspended and empty: run the import again to complete it", acct.Name, err)
	}
	final := store.StatusActive
	if u.Suspended {
		final = store.StatusSuspended
	}
	if err := im.st.AccountSetStatus(ctx, acct.ID, final); err != nil {
		return fmt.Errorf("account %q was imported but is still suspended (%w): run taskgate account resume %s",
			acct.Name, err, acct.Name)
	}
	return nil
}
