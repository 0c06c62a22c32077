package accounts_test

import (
	"encoding/base64"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store"
)

func TestAdd(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		tests := []struct {
			name     string
			mode     store.Mode
			wantKeys []string
		}{
			{"Plaintext", store.ModePlaintext, []string{accounts.TaskrcServerURL, accounts.TaskrcClientID, accounts.TaskrcEncryptionSecret}},
			{"Encrypted", store.ModeEncrypted, []string{accounts.TaskrcServerURL, accounts.TaskrcClientID}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				b := setup(t, open)
				d, err := b.m.Add(b.ctx, "alice", tt.mode)
				require.NoError(t, err)
				require.Equal(t, "alice", d.Name)
				require.Equal(t, tt.mode, d.Mode)
				require.Equal(t, store.StatusActive, d.Status)
				require.False(t, d.CreatedAt.IsZero())
				require.Len(t, d.ClientIDs, 1)
				require.NotEqual(t, uuid.Nil, d.ClientIDs[0])
				require.ElementsMatch(t, tt.wantKeys, keysOf(d.Taskrc3))
				require.Equal(t, publicURL, d.Taskrc3[accounts.TaskrcServerURL])
				require.Equal(t, d.ClientIDs[0].String(), d.Taskrc3[accounts.TaskrcClientID])

				c, err := b.st.ClientGet(b.ctx, d.ClientIDs[0])
				require.NoError(t, err)
				require.Equal(t, "alice", c.Account.Name)
				requireHeldSecret(t, b, c.Account, d.Taskrc3[accounts.TaskrcEncryptionSecret])
			})
		}
	})
}

// requireHeldSecret checks the secret the server holds for a: the one Add printed (unpadded
// base64url of 32 bytes) for a plaintext account, none for an encrypted one.
func requireHeldSecret(t *testing.T, b *testBundle, a store.Account, printed string) {
	t.Helper()
	ak, err := b.st.AccountKeyGet(b.ctx, a.ID)
	if a.Mode == store.ModeEncrypted {
		require.ErrorIs(t, err, store.ErrNotFound)
		return
	}
	require.NoError(t, err)
	raw, err := base64.RawURLEncoding.DecodeString(printed)
	require.NoError(t, err)
	require.Len(t, raw, 32)
	secret, err := chain.OpenSecret(b.master, ak)
	require.NoError(t, err)
	require.Equal(t, printed, string(secret))
}

func TestAddRefuses(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		_, err := b.m.Add(b.ctx, "taken", store.ModeEncrypted)
		require.NoError(t, err)
		noKey := accounts.New(b.st, keys.MasterKey{}, publicURL)
		tests := []struct {
			name    string
			m       *accounts.Manager
			account string
			mode    store.Mode
			want    error
		}{
			{"DuplicateName", b.m, "taken", store.ModePlaintext, store.ErrConflict},
			{"EmptyName", b.m, "", store.ModeEncrypted, accounts.ErrInvalidName},
			{"Whitespace", b.m, "a b", store.ModeEncrypted, accounts.ErrInvalidName},
			{"UUIDName", b.m, uuid.NewString(), store.ModeEncrypted, accounts.ErrInvalidName},
			{"PlaintextWithoutMasterKey", noKey, "bob", store.ModePlaintext, accounts.ErrNoMasterKey},
			{"UnknownMode", b.m, "carol", store.Mode("open"), nil},
		}
		for _, tt := range tests {
			_, err := tt.m.Add(b.ctx, tt.account, tt.mode)
			require.Errorf(t, err, tt.name)
			if tt.want != nil {
				require.ErrorIsf(t, err, tt.want, "%s: %v", tt.name, err)
			}
		}
		_, err = noKey.Add(b.ctx, "bob", store.ModePlaintext)
		require.ErrorContains(t, err, "set --master-key-file or TASKGATE_MASTER_KEY")
		_, err = noKey.Add(b.ctx, "bob", store.ModeEncrypted)
		require.NoError(t, err, "encrypted accounts need no master key")
		list, err := b.m.List(b.ctx)
		require.NoError(t, err)
		require.Equal(t, []string{"bob", "taken"}, names(list), "refused adds created nothing")
	})
}

func keysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func names(list []accounts.Summary) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		out = append(out, s.Name)
	}
	return out
}
