package accounts_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
)

func TestDeleteAudited(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		ctx := accounts.WithActor(b.ctx, "cli:tester")
		b.taskdAdd(t, "gone", "Home", "gone", t.TempDir())
		b.taskdAdd(t, "kept", "Home", "kept", t.TempDir())
		require.NoError(t, b.m.Delete(ctx, "gone"))
		_, err := b.m.Show(b.ctx, "gone")
		require.ErrorIs(t, err, store.ErrNotFound)
		_, err = b.m.Show(b.ctx, "kept")
		require.NoError(t, err)
		require.ErrorIs(t, b.m.Delete(ctx, "gone"), store.ErrNotFound)

		log, err := b.m.Audit(b.ctx, "gone", 0, 0)
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(log), 3)
		require.Equal(t, accounts.ActionDelete, log[0].Action)
		require.Equal(t, "cli:tester", log[0].Actor)
		require.Contains(t, log[0].Result, "no account named")
		require.Equal(t, accounts.ActionDelete, log[1].Action)
		require.Equal(t, accounts.ResultOK, log[1].Result)
		require.Equal(t, accounts.ActionAdd, log[len(log)-1].Action)
	})
}

func TestDeviceRegistry(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		b.taskdAdd(t, "home", "Home", "alice", t.TempDir())
		d, err := b.m.DeviceIssue(b.ctx, "home", "phone")
		require.NoError(t, err)
		require.Contains(t, d.CertPEM, "BEGIN CERTIFICATE")
		require.Contains(t, d.KeyPEM, "PRIVATE KEY")
		require.NotEmpty(t, d.Fingerprint)

		list, err := b.m.Devices(b.ctx, "home")
		require.NoError(t, err)
		require.Len(t, list, 2, "the first device of account add and the one just issued")
		require.Equal(t, "home", list[0].Device)
		require.Equal(t, "phone", list[1].Device)
		require.Equal(t, d.Fingerprint, list[1].Fingerprint)
		require.Nil(t, list[1].RevokedAt)

		n, err := b.m.DeviceRevoke(b.ctx, "home", "phone")
		require.NoError(t, err)
		require.Equal(t, 1, n)
		_, err = b.m.DeviceRevoke(b.ctx, "home", "phone")
		require.ErrorIs(t, err, store.ErrNotFound)
		list, err = b.m.Devices(b.ctx, "home")
		require.NoError(t, err)
		require.NotNil(t, list[1].RevokedAt)
		require.Nil(t, list[0].RevokedAt)

		_, err = b.m.Add(b.ctx, "secret", store.ModeEncrypted)
		require.NoError(t, err)
		_, err = b.m.DeviceIssue(b.ctx, "secret", "x")
		require.ErrorIs(t, err, accounts.ErrEncrypted)
		_, err = b.m.Devices(b.ctx, "nobody")
		require.ErrorIs(t, err, store.ErrNotFound)
	})
}

func TestTaskdAddAndRotate(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		_, err := b.m.Add(b.ctx, "secret", store.ModeEncrypted)
		require.NoError(t, err)
		_, err = b.m.TaskdAdd(b.ctx, "secret", accounts.TaskdLogin{Org: "Home", User: "x"})
		require.ErrorIs(t, err, accounts.ErrEncrypted)

		_, err = b.m.Add(b.ctx, "plain", store.ModePlaintext)
		require.NoError(t, err)
		login := accounts.TaskdLogin{Org: "Home", User: "bob"}
		rc, err := b.m.TaskdAdd(b.ctx, "plain", login)
		require.NoError(t, err)
		old := requireCredential(t, b, rc, "plain")
		_, err = b.m.TaskdAdd(b.ctx, "plain", login)
		require.ErrorIs(t, err, store.ErrConflict)

		rc, err = b.m.TaskdRotate(b.ctx, "plain", login)
		require.NoError(t, err)
		next := requireCredential(t, b, rc, "plain")
		require.NotEqual(t, old.Key, next.Key)
		_, _, err = b.st.TaskdCredentialGet(b.ctx, old.Key)
		require.ErrorIs(t, err, store.ErrNotFound)
		_, err = b.m.TaskdRotate(b.ctx, "plain", accounts.TaskdLogin{Org: "Home", User: "nobody"})
		require.ErrorIs(t, err, accounts.ErrNoTaskd)

		_, err = b.m.DeviceIssue(b.ctx, "plain", "laptop")
		require.NoError(t, err, "credentials added later let the account have devices")
	})
}

func TestClientIDs(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		c, err := b.m.Add(b.ctx, "secret", store.ModeEncrypted)
		require.NoError(t, err)
		id, err := b.m.ClientAdd(b.ctx, "secret", uuid.Nil)
		require.NoError(t, err)
		ids, err := b.m.Clients(b.ctx, "secret")
		require.NoError(t, err)
		require.ElementsMatch(t, []uuid.UUID{c.ClientIDs[0], id}, ids)
		_, err = b.m.ClientAdd(b.ctx, "secret", id)
		require.ErrorIs(t, err, store.ErrConflict)
		require.NoError(t, b.m.ClientRemove(b.ctx, "secret", c.ClientIDs[0]))
		require.ErrorIs(t, b.m.ClientRemove(b.ctx, "secret", c.ClientIDs[0]), store.ErrNotFound)

		p, err := b.m.Add(b.ctx, "plain", store.ModePlaintext)
		require.NoError(t, err)
		_, err = b.m.ClientAdd(b.ctx, "plain", uuid.Nil)
		require.ErrorIs(t, err, accounts.ErrOneClient)
		require.ErrorIs(t, b.m.ClientRemove(b.ctx, "plain", p.ClientIDs[0]), accounts.ErrOneClient)
	})
}

func TestListPageAndUsage(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		for i := range 5 {
			_, err := b.m.Add(b.ctx, fmt.Sprintf("a%d", i), store.ModeEncrypted)
			require.NoError(t, err)
		}
		plain, err := b.m.Add(b.ctx, "a9", store.ModePlaintext)
		require.NoError(t, err)
		key := clientKey(t, plain, plain.Taskrc3[accounts.TaskrcEncryptionSecret])
		b.appendVersion(t, b.account(t, "a9"), key, history()[0]...)

		var names []string
		after := ""
		for {
			p, err := b.m.ListPage(b.ctx, after, 4)
			require.NoError(t, err)
			for _, a := range p.Accounts {
				names = append(names, a.Name)
			}
			if p.Next == "" {
				break
			}
			after = p.Next
		}
		require.Equal(t, []string{"a0", "a1", "a2", "a3", "a4", "a9"}, names)
		u, err := b.m.Usage(b.ctx, "a9")
		require.NoError(t, err)
		require.Equal(t, int64(1), u.Versions)
		require.Positive(t, u.VersionBytes)
	})
}

func TestAuditPrune(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		_, err := b.m.Add(b.ctx, "x", store.ModeEncrypted)
		require.NoError(t, err)
		n, err := b.m.AuditPrune(b.ctx, 0)
		require.NoError(t, err)
		require.Zero(t, n, "no retention keeps everything")
		n, err = b.m.AuditPrune(b.ctx, time.Hour)
		require.NoError(t, err)
		require.Zero(t, n)
		n, err = b.m.AuditPrune(b.ctx, -time.Hour)
		require.NoError(t, err)
		require.Zero(t, n)
		log, err := b.m.Audit(b.ctx, "", 0, 0)
		require.NoError(t, err)
		require.Len(t, log, 1)
		require.Equal(t, "unknown", log[0].Actor)
	})
}
