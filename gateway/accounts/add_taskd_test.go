package accounts_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
)

func TestAddTaskd(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		out := filepath.Join(t.TempDir(), "devices", "alice")
		d := b.taskdAdd(t, "alice", "Public", "alice", out)

		require.Equal(t, []accounts.TaskdLogin{{Org: "Public", User: "alice"}}, d.Taskd)
		require.Len(t, d.Taskrc3, 3, "the Taskwarrior 3 settings are those of a plaintext account")
		require.ElementsMatch(t, taskrc2Keys, keysOf(d.Taskrc2))
		require.Equal(t, taskdServer, d.Taskrc2[accounts.TaskrcTaskdServer])
		c := requireCredential(t, b, d.Taskrc2, "alice")
		require.Equal(t, "Public/alice/"+c.Key.String(), d.Taskrc2[accounts.TaskrcTaskdCredentials])
		list, err := b.st.TaskdCredentials(b.ctx, b.account(t, "alice").ID)
		require.NoError(t, err)
		require.Equal(t, []store.TaskdCredential{c}, list)

		requireDevice(t, b, d.Taskrc2, "alice")
		require.Equal(t, filepath.Join(out, "alice.cert.pem"), d.Taskrc2[accounts.TaskrcTaskdCertificate])
		info, err := os.Stat(out)
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o700), info.Mode().Perm(), "the output directory is created private")
		require.EqualValues(t, 1, b.created.Load(), "the CA was created once and reported")

		plain, err := b.m.Add(b.ctx, "bob", store.ModePlaintext)
		require.NoError(t, err)
		require.Nil(t, plain.Taskrc2, "an account without --taskd has no Taskwarrior 2.x settings")
		require.Empty(t, plain.Taskd)
	})
}

func TestAddTaskdRefuses(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		out := t.TempDir()
		b.taskdAdd(t, "alice", "Public", "alice", out)
		tests := []struct {
			name string
			p    accounts.AddParams
			want error
			text string
		}{
			{"Encrypted", accounts.AddParams{Name: "bob", Mode: store.ModeEncrypted, Taskd: &accounts.TaskdParams{
				Login: accounts.TaskdLogin{Org: "Public", User: "bob"}, Device: accounts.DeviceParams{Dir: out}}},
				accounts.ErrEncrypted, "cannot merge what it cannot read"},
			{"TakenLogin", taskdParams("bob", "Public", "alice", accounts.DeviceParams{Dir: out, Name: "bob"}),
				store.ErrConflict, "the taskd login Public/alice belongs to another account"},
			{"TakenLoginNewDir", taskdParams("bob", "Public", "alice", accounts.DeviceParams{Dir: filepath.Join(out, "bob")}),
				store.ErrConflict, "the taskd login Public/alice belongs to another account"},
			{"TakenName", taskdParams("alice", "Public", "other", accounts.DeviceParams{Dir: out, Name: "other"}),
				store.ErrConflict, `an account named "alice" already exists`},
			{"DeviceFileExists", taskdParams("bob", "Public", "bob", accounts.DeviceParams{Dir: out, Name: "alice"}),
				fs.ErrExist, "alice.cert.pem already exists"},
			{"EmptyOrg", taskdParams("bob", "", "bob", accounts.DeviceParams{Dir: out}), accounts.ErrInvalidTaskdLogin, "org"},
			{"SlashInUser", taskdParams("bob", "Public", "b/ob", accounts.DeviceParams{Dir: out}), accounts.ErrInvalidTaskdLogin, "'/'"},
			{"SpaceInOrg", taskdParams("bob", "Pub lic", "bob", accounts.DeviceParams{Dir: out}), accounts.ErrInvalidTaskdLogin, "whitespace"},
			{"LongUser", taskdParams("bob", "Public", strings.Repeat("b", 65), accounts.DeviceParams{Dir: out}),
				accounts.ErrInvalidTaskdLogin, "the limit is 64"},
			{"BadDevice", taskdParams("bob", "Public", "bob", accounts.DeviceParams{Dir: out, Name: "../bob"}),
				accounts.ErrInvalidDevice, "--device"},
			{"BadDefaultDevice", taskdParams("a#b", "Public", "bob", accounts.DeviceParams{Dir: out}),
				accounts.ErrInvalidDevice, `device name "a#b"`},
			{"UnknownMode", accounts.AddParams{Name: "bob", Mode: "open", Taskd: &accounts.TaskdParams{
				Login: accounts.TaskdLogin{Org: "Public", User: "bob"}, Device: accounts.DeviceParams{Dir: out}}}, nil, "unknown account mode"},
		}
		for _, tt := range tests {
			_, err := b.m.AddWith(b.ctx, tt.p)
			require.Errorf(t, err, tt.name)
			if tt.want != nil {
				require.ErrorIsf(t, err, tt.want, "%s: %v", tt.name, err)
			}
			require.ErrorContainsf(t, err, tt.text, tt.name)
		}
		list, err := b.m.List(b.ctx)
		require.NoError(t, err)
		require.Equal(t, []string{"alice"}, names(list), "refused adds created no account")
		requireFiles(t, out, "ca.cert.pem", "alice.cert.pem", "alice.key.pem")
	})
}
