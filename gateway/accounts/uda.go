package accounts

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/store"
)

// UDATypes returns the UDA types declared for a plaintext account. The bridge converts a
// UDA's values between the 2.x and 3.x forms only when its type is declared a date (or writes
// them as numbers when declared numeric); every other value passes through as written.
func (m *Manager) UDATypes(ctx context.Context, name string) (map[string]convert.Type, error) {
	types := map[string]convert.Type{}
	err := m.udaUpdate(ctx, name, func(ctx context.Context, ptx store.PlaintextTx) error {
		names, err := ptx.UDATypes(ctx)
		for uda, typ := range names {
			if t, perr := convert.ParseType(typ); perr == nil {
				types[uda] = t
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return types, nil
}

// SetUDATypes declares the types of UDAs of a plaintext account (replacing earlier
// declarations of the same names), as its devices' uda.NAME.type settings say. Values already
// stored are not rewritten; the next syncs write them by the new types.
func (m *Manager) SetUDATypes(ctx context.Context, name string, types map[string]convert.Type) (err error) {
	defer func() { err = m.audit(ctx, ActionUDASet, name, udaSetDetail(types), err) }()
	names := make(map[string]string, len(types))
	for uda, t := range types {
		if err := ValidateUDAName(uda); err != nil {
			return err
		}
		names[uda] = t.String()
	}
	return m.udaUpdate(ctx, name, func(ctx context.Context, ptx store.PlaintextTx) error {
		return ptx.UDATypesPut(ctx, names)
	})
}

// UnsetUDATypes forgets the declared types of the named UDAs of a plaintext account: their
// values pass through as written from then on. Names without a declaration are ignored.
func (m *Manager) UnsetUDATypes(ctx context.Context, name string, udas []string) (err error) {
	defer func() { err = m.audit(ctx, ActionUDAUnset, name, strings.Join(udas, " "), err) }()
	return m.udaUpdate(ctx, name, func(ctx context.Context, ptx store.PlaintextTx) error {
		return ptx.UDATypesDelete(ctx, udas)
	})
}

// ValidateUDAName refuses a name that cannot be a UDA: empty, one of Taskwarrior's own
// attributes (whose types are fixed), or one with a prefix the task map reserves.
func ValidateUDAName(uda string) error {
	switch {
	case uda == "" || strings.ContainsAny(uda, " \t\n=,:"):
		return refuse(ErrInvalidUDA, "%q is not a UDA name", uda)
	case convert.IsBuiltin(uda) || uda == "annotations" || uda == "id" || uda == "urgency":
		return refuse(ErrInvalidUDA, "%q is one of Taskwarrior's own attributes; its type cannot be declared", uda)
	}
	for _, prefix := range []string{"tag_", "dep_", "annotation_"} {
		if strings.HasPrefix(uda, prefix) {
			return refuse(ErrInvalidUDA, "%q starts with %q, which Taskwarrior 3 reserves for its own keys", uda, prefix)
		}
	}
	return nil
}

// udaSetDetail describes a declaration for the audit log: uda.ATTR.type=TYPE, by name.
func udaSetDetail(types map[string]convert.Type) string {
	parts := make([]string, 0, len(types))
	for _, uda := range SortedUDANames(types) {
		parts = append(parts, "uda."+uda+".type="+types[uda].String())
	}
	return strings.Join(parts, " ")
}

// SortedUDANames returns the names of types in byte order, for listings.
func SortedUDANames(types map[string]convert.Type) []string {
	return slices.Sorted(maps.Keys(types))
}

// udaUpdate runs fn under the chain lock of the plaintext account called name.
func (m *Manager) udaUpdate(ctx context.Context, name string, fn func(ctx context.Context, ptx store.PlaintextTx) error) error {
	a, err := m.account(ctx, name)
	if err != nil {
		return err
	}
	if a.Mode != store.ModePlaintext {
		return refuse(ErrEncrypted, "account %q is encrypted: the server never reads its tasks, so its UDAs "+
			"need no types; declare them in each device's .taskrc", name)
	}
	err = m.st.ChainUpdate(ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		ptx, _, err := tx.Plaintext(ctx)
		if err != nil {
			return err
		}
		return fn(ctx, ptx)
	})
	if err != nil {
		return fmt.Errorf("UDA types of account %q: %w", name, err)
	}
	return nil
}
