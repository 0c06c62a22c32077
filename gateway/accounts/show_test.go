package accounts_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/keys/keystest"
	"github.com/taskgate/taskgate/store"
)

func TestShow(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		for _, mode := range []store.Mode{store.ModePlaintext, store.ModeEncrypted} {
			created, err := b.m.Add(b.ctx, string(mode), mode)
			require.NoError(t, err)
			shown, err := b.m.Show(b.ctx, string(mode))
			require.NoError(t, err)
			require.Equal(t, created.Taskrc3, shown.Taskrc3, "show reproduces the settings add printed")
			require.Equal(t, created.Summary, shown.Summary)
		}

		_, err := b.m.Show(b.ctx, "nobody")
		require.ErrorIs(t, err, store.ErrNotFound)
		require.ErrorContains(t, err, `no account named "nobody"`)

		_, err = accounts.New(b.st, keys.MasterKey{}, publicURL).Show(b.ctx, "plaintext")
		require.ErrorIs(t, err, accounts.ErrNoMasterKey)
		_, err = accounts.New(b.st, keystest.NewMasterKey(t), publicURL).Show(b.ctx, "plaintext")
		require.ErrorIs(t, err, keys.ErrSealedValue, "another master key cannot open the secret")
	})
}

func TestList(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		list, err := b.m.List(b.ctx)
		require.NoError(t, err)
		require.Empty(t, list)

		zed, err := b.m.Add(b.ctx, "zed", store.ModePlaintext)
		require.NoError(t, err)
		amy, err := b.m.Add(b.ctx, "amy", store.ModeEncrypted)
		require.NoError(t, err)
		list, err = b.m.List(b.ctx)
		require.NoError(t, err)
		require.Equal(t, []accounts.Summary{amy.Summary, zed.Summary}, list)
	})
}

func TestSuspendResume(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		_, err := b.m.Add(b.ctx, "alice", store.ModeEncrypted)
		require.NoError(t, err)
		steps := []struct {
			name string
			fn   func() error
			want store.Status
		}{
			{"Suspend", func() error { return b.m.Suspend(b.ctx, "alice") }, store.StatusSuspended},
			{"SuspendAgain", func() error { return b.m.Suspend(b.ctx, "alice") }, store.StatusSuspended},
			{"Resume", func() error { return b.m.Resume(b.ctx, "alice") }, store.StatusActive},
		}
		for _, s := range steps {
			require.NoError(t, s.fn(), s.name)
			require.Equal(t, s.want, b.account(t, "alice").Status, s.name)
		}
		require.ErrorIs(t, b.m.Suspend(b.ctx, "nobody"), store.ErrNotFound)

		a := b.account(t, "alice")
		require.NoError(t, b.st.AccountSetStatus(b.ctx, a.ID, store.StatusTerminated))
		require.ErrorIs(t, b.m.Resume(b.ctx, "alice"), accounts.ErrTerminated)
		require.Equal(t, store.StatusTerminated, b.account(t, "alice").Status)
	})
}

func TestShowTaskd(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		created := b.taskdAdd(t, "alice", "Public", "alice", t.TempDir())
		shown, err := b.m.Show(b.ctx, "alice")
		require.NoError(t, err)
		require.Equal(t, created.Summary, shown.Summary)
		require.Equal(t, created.Taskrc3, shown.Taskrc3)
		require.Equal(t, map[string]string{
			accounts.TaskrcTaskdServer:      taskdServer,
			accounts.TaskrcTaskdCredentials: created.Taskrc2[accounts.TaskrcTaskdCredentials],
		}, shown.Taskrc2, "show prints the shared 2.x settings, not the files of one device")

		noTaskd := accounts.New(b.st, b.master, publicURL)
		shown, err = noTaskd.Show(b.ctx, "alice")
		require.NoError(t, err)
		require.Equal(t, []string{accounts.TaskrcTaskdCredentials}, keysOf(shown.Taskrc2),
			"without a taskd server address only the credentials are known")

		_, err = b.m.Add(b.ctx, "bob", store.ModePlaintext)
		require.NoError(t, err)
		list, err := b.m.List(b.ctx)
		require.NoError(t, err)
		require.Len(t, list, 2)
		require.Equal(t, []accounts.TaskdLogin{{Org: "Public", User: "alice"}}, list[0].Taskd)
		require.Empty(t, list[1].Taskd)
	})
}
