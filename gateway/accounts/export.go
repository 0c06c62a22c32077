package accounts

import (
	"context"
	"fmt"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/replica"
	"github.com/taskgate/taskgate/gateway/store"
)

// Export returns the tasks of a plaintext account as the JSON array `task export` prints (which
// `task import` reads on Taskwarrior 2.6 and 3.x). Encrypted accounts are refused: the server
// cannot read them.
func (m *Manager) Export(ctx context.Context, name string) ([]byte, error) {
	a, err := m.account(ctx, name)
	if err != nil {
		return nil, err
	}
	if a.Mode != store.ModePlaintext {
		return nil, refuse(ErrEncrypted, "account %q is encrypted: the server cannot read its tasks; "+
			"run `task export` on one of its Taskwarrior 3 devices instead", name)
	}
	out, err := replica.Export(ctx, m.st, a.ID, convert.NewTypes(nil))
	if err != nil {
		return nil, fmt.Errorf("exporting account %q: %w", name, err)
	}
	return out, nil
}
