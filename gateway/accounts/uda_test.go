package accounts_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
)

// TestUDATypes declares, lists, replaces and forgets UDA types of a plaintext account, and
// refuses what cannot be declared.
func TestUDATypes(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		_, err := b.m.Add(b.ctx, "home", store.ModePlaintext)
		require.NoError(t, err)
		got, err := b.m.UDATypes(b.ctx, "home")
		require.NoError(t, err)
		require.Empty(t, got)

		require.NoError(t, b.m.SetUDATypes(b.ctx, "home", map[string]convert.Type{"review": convert.Date, "size": convert.Numeric}))
		require.NoError(t, b.m.SetUDATypes(b.ctx, "home", map[string]convert.Type{"size": convert.String}))
		got, err = b.m.UDATypes(b.ctx, "home")
		require.NoError(t, err)
		require.Equal(t, map[string]convert.Type{"review": convert.Date, "size": convert.String}, got)
		require.Equal(t, []string{"review", "size"}, accounts.SortedUDANames(got))

		require.NoError(t, b.m.UnsetUDATypes(b.ctx, "home", []string{"review", "never"}))
		got, err = b.m.UDATypes(b.ctx, "home")
		require.NoError(t, err)
		require.Equal(t, map[string]convert.Type{"size": convert.String}, got)
		log, err := b.m.Audit(b.ctx, "home", 0, 3)
		require.NoError(t, err)
		require.Equal(t, []string{accounts.ActionUDAUnset, accounts.ActionUDASet, accounts.ActionUDASet},
			[]string{log[0].Action, log[1].Action, log[2].Action}, "every change is audited")
		require.Equal(t, "review never", log[0].Detail)
		require.Equal(t, "uda.review.type=date uda.size.type=numeric", log[2].Detail)

		for _, bad := range []string{"due", "tag_x", "annotation_1", "", "a b", "a=b"} {
			err := b.m.SetUDATypes(b.ctx, "home", map[string]convert.Type{bad: convert.Date})
			require.ErrorIs(t, err, accounts.ErrInvalidUDA, "declaring %q", bad)
		}

		_, err = b.m.Add(b.ctx, "private", store.ModeEncrypted)
		require.NoError(t, err)
		require.ErrorIs(t, b.m.SetUDATypes(b.ctx, "private", map[string]convert.Type{"x": convert.Date}), accounts.ErrEncrypted)
		_, err = b.m.UDATypes(b.ctx, "nobody")
		require.ErrorIs(t, err, store.ErrNotFound)
	})
}
