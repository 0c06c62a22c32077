package accounts_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/champion/codec"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
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

		out, err := b.m.Export(b.ctx, "home", nil)
		require.NoError(t, err)
		var tasks []map[string]any
		require.NoError(t, json.Unmarshal(out, &tasks), "export is a JSON array:\n%s", out)
		require.Len(t, tasks, 1, "the deleted task is not exported:\n%s", out)
		require.Equal(t, "buy oat milk", tasks[0]["description"])
		require.Equal(t, "11111111-1111-4111-8111-111111111111", tasks[0]["uuid"])
		require.Equal(t, []any{"shop"}, tasks[0]["tags"])
	})
}

// TestExportWithUDATypes writes typed UDAs the way Taskwarrior does when their types are given.
func TestExportWithUDATypes(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		d, err := b.m.Add(b.ctx, "typed", store.ModePlaintext)
		require.NoError(t, err)
		key := clientKey(t, d, d.Taskrc3[accounts.TaskrcEncryptionSecret])
		a := b.account(t, "typed")
		id := uuid.New()
		ts := time.Unix(1_700_000_000, 0).UTC()
		b.appendVersion(t, a, key, codec.Create(id), codec.Set(id, "description", "paint", ts),
			codec.Set(id, "size", "4", ts), codec.Set(id, "reviewed", "1767225600", ts))

		export := func(udas map[string]convert.Type) map[string]any {
			out, err := b.m.Export(b.ctx, "typed", udas)
			require.NoError(t, err)
			var tasks []map[string]any
			require.NoError(t, json.Unmarshal(out, &tasks))
			require.Len(t, tasks, 1)
			return tasks[0]
		}
		plain := export(nil)
		require.Equal(t, "4", plain["size"], "without a type a UDA is a string")
		require.Equal(t, "1767225600", plain["reviewed"])
		typed := export(map[string]convert.Type{"size": convert.Numeric, "reviewed": convert.Date})
		require.Equal(t, float64(4), typed["size"])
		require.Equal(t, "20260101T000000Z", typed["reviewed"])

		require.NoError(t, b.m.SetUDATypes(b.ctx, "typed", map[string]convert.Type{"reviewed": convert.Date}))
		declared := export(nil)
		require.Equal(t, "20260101T000000Z", declared["reviewed"], "the declared type is used")
		require.Equal(t, "4", declared["size"])
		require.Equal(t, "1767225600", export(map[string]convert.Type{"reviewed": convert.String})["reviewed"],
			"a type given to the export wins")
	})
}

func TestExportRefuses(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		_, err := b.m.Add(b.ctx, "private", store.ModeEncrypted)
		require.NoError(t, err)
		_, err = b.m.Export(b.ctx, "private", nil)
		require.ErrorIs(t, err, accounts.ErrEncrypted)
		require.EqualError(t, err, `account "private" is encrypted: the server cannot read its tasks; `+
			"run `task export` on one of its Taskwarrior 3 devices instead")

		_, err = b.m.Export(b.ctx, "nobody", nil)
		require.ErrorIs(t, err, store.ErrNotFound)
	})
}
