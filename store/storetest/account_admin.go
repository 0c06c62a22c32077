package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testAccountAdmin covers deleting accounts, paging, usage counters, client ids and key rotation.
func testAccountAdmin(t *testing.T, setup setupFunc) {
	t.Run("DeleteRemovesEveryRowAndNoOther", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		gone, kept := b.fullAccount(t, "gone"), b.fullAccount(t, "kept")
		keptBefore := b.accountRows(t, kept)
		at := time.Unix(1_800_000_000, 0).UTC()
		require.NoError(t, b.e.AccountDelete(b.ctx, gone.ID, at))

		_, err := b.e.AccountGet(b.ctx, gone.ID)
		require.ErrorIs(t, err, store.ErrNotFound)
		_, err = b.e.ChainGet(b.ctx, gone.ID)
		require.ErrorIs(t, err, store.ErrNotFound)
		_, err = b.e.TaskdCredentials(b.ctx, gone.ID)
		require.ErrorIs(t, err, store.ErrNotFound)
		_, err = b.e.TaskdLoginGet(b.ctx, taskdKeyOf("gone"))
		require.ErrorIs(t, err, store.ErrNotFound)
		_, err = b.e.ClientGet(b.ctx, clientOf("gone"))
		require.ErrorIs(t, err, store.ErrNotFound)
		_, _, err = b.e.SnapshotGet(b.ctx, gone.ID)
		require.ErrorIs(t, err, store.ErrNotFound)

		d, err := b.e.DeviceGet(b.ctx, "fp-gone")
		require.NoError(t, err, "a deleted account's certificates stay in the registry, revoked")
		require.Equal(t, int64(0), d.AccountID)
		require.Equal(t, at, d.RevokedAt)

		require.Equal(t, keptBefore, b.accountRows(t, kept), "another account is untouched")
		require.ErrorIs(t, b.e.AccountDelete(b.ctx, gone.ID, at), store.ErrNotFound)
	})

	t.Run("DeleteWaitsForChainLock", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "busy", store.ModeEncrypted, uuid.New())
		inside, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
				close(inside)
				<-release
				_, err := tx.VersionAppend(ctx, uuid.New(), store.NilVersion, []byte("x"))
				return err
			})
		}()
		<-inside
		deleted := make(chan error, 1)
		go func() { deleted <- b.e.AccountDelete(context.WithoutCancel(b.ctx), a.ID, time.Now()) }()
		close(release)
		require.NoError(t, <-done, "the sync that held the lock finishes")
		require.NoError(t, <-deleted)
		err := b.e.ChainUpdate(b.ctx, a.ID, func(context.Context, store.ChainTx) error { return nil })
		require.ErrorIs(t, err, store.ErrNotFound, "a later sync finds no account")
	})

	t.Run("Page", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		for i := range 5 {
			b.createAccount(t, fmt.Sprintf("acct-%d", 4-i), store.ModeEncrypted, uuid.Nil)
		}
		var names []string
		after := ""
		for {
			page, err := b.e.AccountPage(b.ctx, after, 2)
			require.NoError(t, err)
			require.LessOrEqual(t, len(page), 2)
			if len(page) == 0 {
				break
			}
			for _, a := range page {
				names = append(names, a.Name)
			}
			after = page[len(page)-1].Name
		}
		require.Equal(t, []string{"acct-0", "acct-1", "acct-2", "acct-3", "acct-4"}, names)
	})

	t.Run("Usage", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "used", store.ModeEncrypted, uuid.New())
		u, err := b.e.AccountUsage(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, store.UsageDetail{}, u)
		vs := b.appendN(t, a.ID, 3)
		var size int64
		for _, v := range vs {
			size += int64(len(v.Segment))
		}
		require.NoError(t, b.putSnapshot(a.ID, vs[2].ID, time.Now(), []byte("snapshot!")))
		u, err = b.e.AccountUsage(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, int64(3), u.Versions)
		require.Equal(t, size, u.VersionBytes)
		require.Equal(t, int64(len("snapshot!")), u.SnapshotBytes)
		require.False(t, u.SnapshotAt.IsZero())
		_, err = b.e.AccountUsage(b.ctx, a.ID+1000)
		require.ErrorIs(t, err, store.ErrNotFound)
	})

	t.Run("Clients", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		first, second := uuid.New(), uuid.New()
		a := b.createAccount(t, "multi", store.ModeEncrypted, first)
		require.NoError(t, b.e.ClientAdd(b.ctx, a.ID, second))
		require.ErrorIs(t, b.e.ClientAdd(b.ctx, a.ID, second), store.ErrConflict)
		require.ErrorIs(t, b.e.ClientAdd(b.ctx, a.ID+1000, uuid.New()), store.ErrNotFound)
		ids, err := b.e.AccountClients(b.ctx, a.ID)
		require.NoError(t, err)
		require.ElementsMatch(t, []uuid.UUID{first, second}, ids)
		require.NoError(t, b.e.ClientRemove(b.ctx, a.ID, first))
		require.ErrorIs(t, b.e.ClientRemove(b.ctx, a.ID, first), store.ErrNotFound)
		ids, err = b.e.AccountClients(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{second}, ids)
	})

	t.Run("TaskdKeyRotate", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		cred := store.TaskdCredential{Org: "Home", User: "alice", Key: uuid.New()}
		a := b.createTaskdAccount(t, "alice", cred)
		other := store.TaskdCredential{Org: "Home", User: "bob", Key: uuid.New()}
		b.createTaskdAccount(t, "bob", other)
		next := uuid.New()
		require.NoError(t, b.e.TaskdKeyRotate(b.ctx, a.ID, "Home", "alice", next))
		_, err := b.e.TaskdLoginGet(b.ctx, cred.Key)
		require.ErrorIs(t, err, store.ErrNotFound, "the old key no longer logs in")
		got, err := b.e.TaskdLoginGet(b.ctx, next)
		require.NoError(t, err)
		require.Equal(t, a.ID, got.Account.ID)
		require.ErrorIs(t, b.e.TaskdKeyRotate(b.ctx, a.ID, "Home", "alice", other.Key), store.ErrConflict)
		require.ErrorIs(t, b.e.TaskdKeyRotate(b.ctx, a.ID, "Home", "bob", uuid.New()), store.ErrNotFound,
			"a login of another account")
	})
}

// clientOf is the fixed client id fullAccount gives the account called name.
func clientOf(name string) uuid.UUID { return uuid.NewSHA1(uuid.NameSpaceOID, []byte("client "+name)) }

// taskdKeyOf is the fixed taskd key fullAccount gives the account called name.
func taskdKeyOf(name string) uuid.UUID {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte("taskd "+name))
}

// fullAccount creates a plaintext account with a row in every table an account has: chain,
// versions, snapshot, client, key, tasks, task history, taskd credential, UDA types and a device.
func (b *testBundle) fullAccount(t *testing.T, name string) store.Account {
	t.Helper()
	cred := store.TaskdCredential{Org: "Org", User: name, Key: taskdKeyOf(name)}
	client := clientOf(name)
	key := testKey(client)
	a, err := b.e.AccountCreate(b.ctx, store.AccountCreateParams{
		Name: name, Mode: store.ModePlaintext, ClientID: client, Key: &key, Taskd: &cred,
	})
	require.NoError(t, err)
	err = b.e.ChainUpdate(b.ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		ptx := plaintextTx(t, ctx, tx)
		v, err := ptx.VersionAppendWithTasks(ctx, uuid.New(), store.NilVersion, []byte("v1 "+name), []store.TaskState{testTask(1, 1)})
		if err != nil {
			return err
		}
		if err := ptx.UDATypesPut(ctx, map[string]string{"estimate": "numeric"}); err != nil {
			return err
		}
		return ptx.SnapshotPut(ctx, store.SnapshotMeta{VersionID: v.ID, CreatedAt: time.Unix(1_700_000_000, 0)}, []byte("snap"))
	})
	require.NoError(t, err)
	require.NoError(t, b.e.DeviceAdd(b.ctx, store.Device{
		Fingerprint: "fp-" + name, AccountID: a.ID, Name: "laptop", Serial: "01", IssuedAt: time.Unix(1_700_000_000, 0),
	}))
	return a
}

// accountRows reads everything the store holds for a, for before-and-after comparisons.
func (b *testBundle) accountRows(t *testing.T, a store.Account) []any {
	t.Helper()
	got, err := b.e.AccountGet(b.ctx, a.ID)
	require.NoError(t, err)
	ch, err := b.e.ChainGet(b.ctx, a.ID)
	require.NoError(t, err)
	tasks, err := b.e.TasksAll(b.ctx, a.ID)
	require.NoError(t, err)
	creds, err := b.e.TaskdCredentials(b.ctx, a.ID)
	require.NoError(t, err)
	key, err := b.e.AccountKeyGet(b.ctx, a.ID)
	require.NoError(t, err)
	clients, err := b.e.AccountClients(b.ctx, a.ID)
	require.NoError(t, err)
	devices, err := b.e.DeviceList(b.ctx, a.ID)
	require.NoError(t, err)
	_, snap, err := b.e.SnapshotGet(b.ctx, a.ID)
	require.NoError(t, err)
	return []any{got, ch, tasks, creds, key, clients, devices, snap, b.walkChain(t, a.ID)}
}
