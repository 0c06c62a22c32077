package accounts

import (
	"bytes"
	"context"
	"fmt"
	"maps"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
)

// Export returns the tasks of a plaintext account as the JSON array `task export` prints (which
// `task import` reads on Taskwarrior 2.6 and 3.x). Encrypted accounts are refused: the server
// cannot read them. UDA types decide how values are written (a date UDA as 20260101T000000Z, a
// numeric one as a number): those declared for the account (SetUDATypes), overridden by udas;
// other UDAs' values are written as they are stored.
func (m *Manager) Export(ctx context.Context, name string, udas map[string]convert.Type) ([]byte, error) {
	a, err := m.account(ctx, name)
	if err != nil {
		return nil, err
	}
	if a.Mode != store.ModePlaintext {
		return nil, refuse(ErrEncrypted, "account %q is encrypted: the server cannot read its tasks; "+
			"run `task export` on one of its Taskwarrior 3 devices instead", name)
	}
	types, err := m.exportTypes(ctx, name, udas)
	if err != nil {
		return nil, err
	}
	out, err := m.export(ctx, a.ID, types)
	if err != nil {
		return nil, fmt.Errorf("exporting account %q: %w", name, err)
	}
	return out, nil
}

// exportTypes merges the account's declared UDA types with the given ones (which win).
func (m *Manager) exportTypes(ctx context.Context, name string, udas map[string]convert.Type) (convert.Types, error) {
	merged, err := m.UDATypes(ctx, name)
	if err != nil {
		return convert.Types{}, err
	}
	maps.Copy(merged, udas)
	return convert.NewTypes(merged), nil
}

// export writes the account's tasks (deleted ones excluded) as a JSON array in the form
// Taskwarrior's own `task export` prints, which both Taskwarrior 2.6 and 3.x `task import`.
func (m *Manager) export(ctx context.Context, accountID int64, types convert.Types) ([]byte, error) {
	states, err := m.st.TasksAll(ctx, accountID)
	if err != nil {
		return nil, err
	}
	tasks, err := chain.DecodeLive(states)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString("[\n")
	for i, t := range tasks {
		line, err := convert.ToJSON(t.UUID, t.Data, types, convert.Options{})
		if err != nil {
			return nil, fmt.Errorf("task %s: %w", t.UUID, err)
		}
		if i > 0 {
			buf.WriteString(",\n")
		}
		buf.Write(line)
	}
	buf.WriteString("\n]\n")
	return buf.Bytes(), nil
}
