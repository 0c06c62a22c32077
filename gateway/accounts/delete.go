package accounts

import (
	"context"
	"fmt"
)

// Delete deletes the account with all its data — chain, snapshot, tasks, client ids, key, taskd
// credentials, UDA types — in one transaction, and revokes its device certificates, which stay
// refused. A sync of the account that is under way finishes first; every later one is refused as
// for an unknown account. Other accounts are not touched.
func (m *Manager) Delete(ctx context.Context, name string) (err error) {
	defer func() { err = m.audit(ctx, ActionDelete, name, "", err) }()
	a, err := m.account(ctx, name)
	if err != nil {
		return err
	}
	if err := m.st.AccountDelete(ctx, a.ID, m.now().UTC()); err != nil {
		return fmt.Errorf("deleting account %q: %w", name, err)
	}
	return nil
}
