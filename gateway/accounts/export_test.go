package accounts_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/gateway/store"
)

func TestExport(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		d, err := b.m.Add(b.ctx, "home", store.ModePlaintext)
		require.NoError(t, err)
		key := clientKey(t, d, d.Taskrc3[accounts.TaskrcEncryptionSecret])
		a := b.account(t, "home")
		for _, ops := range history() {
			b.appendVersion(t, a, key, ops...)
		}

		out, err := b.m.Export(b.ctx, "home")
		require.NoError(t, err)
		var tasks []map[string]any
		require.NoError(t, json.Unmarshal(out, &tasks), "export is a JSON array:\n%s", out)
		require.Len(t, tasks, 1, "the deleted task is not exported:\n%s", out)
		require.Equal(t, "buy oat milk", tasks[0]["description"])
		require.Equal(t, "11111111-1111-4111-8111-111111111111", tasks[0]["uuid"])
		require.Equal(t, []any{"shop"}, tasks[0]["tags"])
	})
}

func TestExportRefuses(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		_, err := b.m.Add(b.ctx, "private", store.ModeEncrypted)
		require.NoError(t, err)
		_, err = b.m.Export(b.ctx, "private")
		require.ErrorIs(t, err, accounts.ErrEncrypted)
		require.EqualError(t, err, `account "private" is encrypted: the server cannot read its tasks; `+
			"run `task export` on one of its Taskwarrior 3 devices instead")

		_, err = b.m.Export(b.ctx, "nobody")
		require.ErrorIs(t, err, store.ErrNotFound)
	})
}
