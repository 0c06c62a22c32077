package accounts

import (
	"context"
	"fmt"

	"github.com/taskgate/taskgate/store"
)

// Suspend refuses every sync of the account until Resume; its data stays as it is.
func (m *Manager) Suspend(ctx context.Context, name string) error {
	return m.audit(ctx, ActionSuspend, name, "", m.setStatus(ctx, name, store.StatusSuspended))
}

// Resume lets a suspended account sync again.
func (m *Manager) Resume(ctx context.Context, name string) error {
	return m.audit(ctx, ActionResume, name, "", m.setStatus(ctx, name, store.StatusActive))
}

// setStatus changes the status of an account that is not terminated.
func (m *Manager) setStatus(ctx context.Context, name string, st store.Status) error {
	a, err := m.account(ctx, name)
	if err != nil {
		return err
	}
	if a.Status == store.StatusTerminated {
		return refuse(ErrTerminated, "account %q is terminated; its status cannot change", name)
	}
	if err := m.st.AccountSetStatus(ctx, a.ID, st); err != nil {
		return fmt.Errorf("setting account %q %s: %w", name, st, err)
	}
	return nil
}
