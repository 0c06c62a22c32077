package accounts

import (
	"context"
	"fmt"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/replica"
	"github.com/taskgate/taskgate/store"
)

// Export returns the tasks of a plaintext account as the JSON array `task export` prints (which
// `task import` reads on Taskwarrior 2.6 and 3.x). Encrypted accounts are refused: the server
// cannot read them. UDA types decide how values are written (a date UDA as 20260101T000000Z, a
// numeric one as a number): those learned from the account's 2.x uploads, overridden by udas
// (the uda.NAME.type settings of the account's devices); other UDAs are written as strings.
func (m *Manager) Export(ctx context.Context, name string, udas map[string]convert.Type) ([]byte, error) {
	a, err := m.account(ctx, name)
	if err != nil {
		return nil, err
	}
	if a.Mode != store.ModePlaintext {
		return nil, refuse(ErrEncrypted, "account %q is encrypted: the server cannot read its tasks; "+
			"run `task export` on one of its Taskwarrior 3 devices instead", name)
	}
	types, err := m.exportTypes(ctx, a.ID, udas)
	if err != nil {
		return nil, err
	}
	out, err := replica.Export(ctx, m.st, a.ID, types)
	if err != nil {
		return nil, fmt.Errorf("exporting account %q: %w", name, err)
	}
	return out, nil
}

// exportTypes merges the account's learned UDA types with the given ones (which win).
func (m *Manager) exportTypes(ctx context.Context, accountID int64, udas map[string]convert.Type) (convert.Types, error) {
	merged := map[string]convert.Type{}
	err := m.st.ChainUpdate(ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		learned, err := tx.UDATypes(ctx)
		for name, typ := range learned {
			if t, perr := convert.ParseType(typ); perr == nil {
				merged[name] = t
			}
		}
		return err
	})
	if err != nil {
		return convert.Types{}, fmt.Errorf("reading learned UDA types: %w", err)
	}
	for name, t := range udas {
		merged[name] = t
	}
	return convert.NewTypes(merged), nil
}
