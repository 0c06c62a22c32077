package accounts_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
)

func TestDeviceAdd(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		created := b.taskdAdd(t, "alice", "Public", "alice", t.TempDir())
		first := requireDevice(t, b, created.Taskrc2, "alice")

		out := t.TempDir()
		dev, err := b.m.DeviceAdd(b.ctx, "alice", accounts.DeviceParams{Name: "laptop", Dir: out})
		require.NoError(t, err)
		require.Equal(t, "alice", dev.Account)
		require.Equal(t, "laptop", dev.Device)
		require.ElementsMatch(t, taskrc2Keys, keysOf(dev.Taskrc2))
		require.Equal(t, taskdServer, dev.Taskrc2[accounts.TaskrcTaskdServer])
		require.Equal(t, created.Taskrc2[accounts.TaskrcTaskdCredentials], dev.Taskrc2[accounts.TaskrcTaskdCredentials],
			"every device of the account uses its credentials")
		second := requireDevice(t, b, dev.Taskrc2, "laptop")
		require.NotEqual(t, first.SerialNumber, second.SerialNumber)
		require.NotEqual(t, first.PublicKey, second.PublicKey)

		dev, err = b.m.DeviceAdd(b.ctx, "alice", accounts.DeviceParams{Dir: out})
		require.NoError(t, err, "a second device in the same directory shares ca.cert.pem")
		requireDevice(t, b, dev.Taskrc2, "alice")
		requireFiles(t, out, "ca.cert.pem", "laptop.cert.pem", "laptop.key.pem", "alice.cert.pem", "alice.key.pem")
		require.EqualValues(t, 1, b.created.Load())
	})
}

func TestDeviceAddRefuses(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		taken := t.TempDir()
		b.taskdAdd(t, "alice", "Public", "alice", taken)
		_, err := b.m.Add(b.ctx, "plain", store.ModePlaintext)
		require.NoError(t, err)
		_, err = b.m.Add(b.ctx, "secret", store.ModeEncrypted)
		require.NoError(t, err)
		b.taskdAdd(t, "gone", "Public", "gone", t.TempDir())
		require.NoError(t, b.st.AccountSetStatus(b.ctx, b.account(t, "gone").ID, store.StatusTerminated))
		otherCA := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(otherCA, "ca.cert.pem"), []byte("another CA\n"), 0o644))

		tests := []struct {
			name, account string
			dev           accounts.DeviceParams
			want          error
		}{
			{"NoAccount", "nobody", accounts.DeviceParams{}, store.ErrNotFound},
			{"NoTaskd", "plain", accounts.DeviceParams{}, accounts.ErrNoTaskd},
			{"Encrypted", "secret", accounts.DeviceParams{}, accounts.ErrEncrypted},
			{"Terminated", "gone", accounts.DeviceParams{}, accounts.ErrTerminated},
			{"BadName", "alice", accounts.DeviceParams{Name: "ca"}, accounts.ErrInvalidDevice},
			{"Exists", "alice", accounts.DeviceParams{Dir: taken}, fs.ErrExist},
			{"OtherCA", "alice", accounts.DeviceParams{Dir: otherCA}, fs.ErrExist},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				dir := tt.dev.Dir
				if dir == "" {
					dir = filepath.Join(t.TempDir(), "out")
					tt.dev.Dir = dir
				}
				before := listDir(t, dir)
				_, err := b.m.DeviceAdd(b.ctx, tt.account, tt.dev)
				require.ErrorIs(t, err, tt.want)
				require.Equal(t, before, listDir(t, dir), "a refused device add writes no file")
			})
		}
	})
}

func TestDeviceAddMessages(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		_, err := b.m.Add(b.ctx, "plain", store.ModePlaintext)
		require.NoError(t, err)
		_, err = b.m.DeviceAdd(b.ctx, "plain", accounts.DeviceParams{Dir: t.TempDir()})
		require.ErrorContains(t, err, `account "plain" has no taskd credentials`)
		require.ErrorContains(t, err, "--taskd ORG/USER")
		_, err = b.m.Add(b.ctx, "secret", store.ModeEncrypted)
		require.NoError(t, err)
		_, err = b.m.DeviceAdd(b.ctx, "secret", accounts.DeviceParams{Dir: t.TempDir()})
		require.ErrorContains(t, err, "needs a plaintext account")
	})
}

// listDir returns the names in dir, nil when it does not exist.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
