package accounts

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
)

// List returns a summary of every account, ordered by name.
func (m *Manager) List(ctx context.Context) ([]Summary, error) {
	list, err := m.st.AccountList(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing accounts: %w", err)
	}
	out := make([]Summary, 0, len(list))
	for _, a := range list {
		ids, err := m.clients(ctx, a)
		if err != nil {
			return nil, err
		}
		creds, err := m.credentials(ctx, a)
		if err != nil {
			return nil, err
		}
		out = append(out, summary(a, ids, creds))
	}
	return out, nil
}

// Show returns an account with the settings of its devices. For a plaintext account these are
// the same as Add printed, secret included (opened with the master key); for an encrypted one
// the secret is left out, and with several client ids the first is shown. An account with taskd
// credentials also gets the Taskwarrior 2.x settings its devices share (taskd.server and
// taskd.credentials, with the first credential by org and user); the file settings belong to a
// device certificate, which DeviceAdd issues.
func (m *Manager) Show(ctx context.Context, name string) (d Details, err error) {
	if m.showsSecrets(ctx, name) {
		defer func() { err = m.audit(ctx, ActionShow, name, "the encryption secret was shown", err) }()
	}
	a, err := m.account(ctx, name)
	if err != nil {
		return Details{}, err
	}
	ids, err := m.clients(ctx, a)
	if err != nil {
		return Details{}, err
	}
	creds, err := m.credentials(ctx, a)
	if err != nil {
		return Details{}, err
	}
	d = Details{Summary: summary(a, ids, creds)}
	if len(creds) > 0 {
		d.Taskrc2 = m.taskrc2(creds[0])
	}
	if a.Mode != store.ModePlaintext {
		first := uuid.Nil
		if len(ids) > 0 {
			first = ids[0]
		}
		d.Taskrc3 = m.taskrc3(first, "")
		return d, nil
	}
	clientID, secret, err := m.secret(ctx, a)
	if err != nil {
		return Details{}, err
	}
	d.Taskrc3 = m.taskrc3(clientID, secret)
	return d, nil
}

// secret opens the encryption secret of plaintext account a and returns it with the client id
// its key belongs to.
func (m *Manager) secret(ctx context.Context, a store.Account) (uuid.UUID, string, error) {
	if err := m.requireMasterKey(); err != nil {
		return uuid.Nil, "", err
	}
	ak, err := m.st.AccountKeyGet(ctx, a.ID)
	if err != nil {
		return uuid.Nil, "", fmt.Errorf("reading the key of account %q: %w", a.Name, err)
	}
	secret, err := chain.OpenSecret(m.master, ak)
	if err != nil {
		return uuid.Nil, "", fmt.Errorf("opening the secret of account %q (is this the master key it was "+
			"created with?): %w", a.Name, err)
	}
	return ak.ClientID, string(secret), nil
}

// showsSecrets reports whether Show of the account would print secrets (a plaintext account's
// encryption secret or taskd key): such a Show is an audited action.
func (m *Manager) showsSecrets(ctx context.Context, name string) bool {
	a, err := m.st.AccountGetByName(ctx, name)
	return err == nil && a.Mode == store.ModePlaintext
}
