package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testAccount covers account creation, reads, listing, status and the sentinel mapping.
func testAccount(t *testing.T, setup setupFunc) {
	t.Run("CreateAndGet", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		client := uuid.New()
		before := time.Now().Add(-2 * time.Second)
		a := b.createAccount(t, "alice", store.ModePlaintext, client)
		require.Positive(t, a.ID)
		require.Equal(t, "alice", a.Name)
		require.Equal(t, store.ModePlaintext, a.Mode)
		require.Equal(t, store.StatusActive, a.Status)
		require.WithinRange(t, a.CreatedAt, before, time.Now().Add(2*time.Second))
		require.Equal(t, time.UTC, a.CreatedAt.Location())

		got, err := b.e.AccountGet(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, a, got)
		got, err = b.e.AccountGetByName(b.ctx, "alice")
		require.NoError(t, err)
		require.Equal(t, a, got)

		clients, err := b.e.AccountClients(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{client}, clients)

		ch, err := b.e.ChainGet(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, store.Chain{AccountID: a.ID, Latest: store.NilVersion}, ch)
	})

	t.Run("CreateWithoutClient", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "bob", store.ModeEncrypted, uuid.Nil)
		require.Equal(t, store.ModeEncrypted, a.Mode)
		clients, err := b.e.AccountClients(b.ctx, a.ID)
		require.NoError(t, err)
		require.NotNil(t, clients)
		require.Empty(t, clients)
	})

	t.Run("IDsAreDistinct", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a1 := b.createAccount(t, "a1", store.ModeEncrypted, uuid.Nil)
		a2 := b.createAccount(t, "a2", store.ModeEncrypted, uuid.Nil)
		require.NotEqual(t, a1.ID, a2.ID)
	})

	t.Run("List", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		list, err := b.e.AccountList(b.ctx)
		require.NoError(t, err)
		require.Empty(t, list)
		for _, name := range []string{"carol", "alice", "bob"} {
			b.createAccount(t, name, store.ModeEncrypted, uuid.Nil)
		}
		list, err = b.e.AccountList(b.ctx)
		require.NoError(t, err)
		names := make([]string, 0, len(list))
		for _, a := range list {
			names = append(names, a.Name)
		}
		require.Equal(t, []string{"alice", "bob", "carol"}, names)
	})

	t.Run("DuplicateName", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.createAccount(t, "alice", store.ModeEncrypted, uuid.Nil)
		client := uuid.New()
		key := testKey(client)
		_, err := b.e.AccountCreate(b.ctx, store.AccountCreateParams{
			Name: "alice", Mode: store.ModePlaintext, ClientID: client, Key: &key,
		})
		require.ErrorIs(t, err, store.ErrConflict)
	})

	t.Run("DuplicateClientCreatesNothing", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		client := uuid.New()
		b.createAccount(t, "alice", store.ModeEncrypted, client)
		_, err := b.e.AccountCreate(b.ctx, store.AccountCreateParams{Name: "bob", Mode: store.ModeEncrypted, ClientID: client})
		require.ErrorIs(t, err, store.ErrConflict)
		_, err = b.e.AccountGetByName(b.ctx, "bob")
		require.ErrorIs(t, err, store.ErrNotFound, "the failed create must leave no account behind")
		list, err := b.e.AccountList(b.ctx)
		require.NoError(t, err)
		require.Len(t, list, 1)
	})

	t.Run("InvalidParams", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		client := uuid.New()
		key := testKey(client)
		tests := []struct {
			name string
			p    store.AccountCreateParams
		}{
			{"EmptyName", store.AccountCreateParams{Mode: store.ModeEncrypted}},
			{"NoMode", store.AccountCreateParams{Name: "x"}},
			{"UnknownMode", store.AccountCreateParams{Name: "x", Mode: "cleartext"}},
			{"PlaintextWithoutKey", store.AccountCreateParams{Name: "x", Mode: store.ModePlaintext, ClientID: client}},
			{"EncryptedWithKey", store.AccountCreateParams{Name: "x", Mode: store.ModeEncrypted, ClientID: client, Key: &key}},
			{"KeyWithoutClient", store.AccountCreateParams{Name: "x", Mode: store.ModePlaintext, Key: &key}},
			{"KeyOfOtherClient", store.AccountCreateParams{Name: "x", Mode: store.ModePlaintext, ClientID: uuid.New(), Key: &key}},
		}
		for _, tt := range tests {
			_, err := b.e.AccountCreate(b.ctx, tt.p)
			require.Error(t, err, tt.name)
			require.NotErrorIs(t, err, store.ErrConflict, tt.name)
			require.NotErrorIs(t, err, store.ErrNotFound, tt.name)
		}
		list, err := b.e.AccountList(b.ctx)
		require.NoError(t, err)
		require.Empty(t, list)
	})

	t.Run("SetStatus", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
		for _, st := range []store.Status{store.StatusSuspended, store.StatusTerminated, store.StatusActive} {
			require.NoError(t, b.e.AccountSetStatus(b.ctx, a.ID, st))
			got, err := b.e.AccountGet(b.ctx, a.ID)
			require.NoError(t, err)
			require.Equal(t, st, got.Status)
		}
		err := b.e.AccountSetStatus(b.ctx, a.ID, "deleted")
		require.Error(t, err)
		require.NotErrorIs(t, err, store.ErrNotFound)
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testNotFound(t, b)
	})
}

// testNotFound checks that every read of something unknown is store.ErrNotFound.
func testNotFound(t *testing.T, b *testBundle) {
	const missing = int64(424242)
	tests := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"AccountGet", func(ctx context.Context) error { _, err := b.e.AccountGet(ctx, missing); return err }},
		{"AccountGetByName", func(ctx context.Context) error { _, err := b.e.AccountGetByName(ctx, "nobody"); return err }},
		{"AccountSetStatus", func(ctx context.Context) error { return b.e.AccountSetStatus(ctx, missing, store.StatusSuspended) }},
		{"AccountClients", func(ctx context.Context) error { _, err := b.e.AccountClients(ctx, missing); return err }},
		{"ClientGet", func(ctx context.Context) error { _, err := b.e.ClientGet(ctx, uuid.New()); return err }},
		{"ChainGet", func(ctx context.Context) error { _, err := b.e.ChainGet(ctx, missing); return err }},
		{"VersionChild", func(ctx context.Context) error {
			_, _, _, err := b.e.VersionChild(ctx, missing, store.NilVersion)
			return err
		}},
		{"VersionGet", func(ctx context.Context) error { _, err := b.e.VersionGet(ctx, missing, uuid.New()); return err }},
		{"SnapshotGet", func(ctx context.Context) error { _, _, err := b.e.SnapshotGet(ctx, missing); return err }},
		{"AccountKeyGet", func(ctx context.Context) error { _, err := b.e.AccountKeyGet(ctx, missing); return err }},
		{"TasksAll", func(ctx context.Context) error { _, err := b.e.TasksAll(ctx, missing); return err }},
		{"TasksChangedSince", func(ctx context.Context) error { _, err := b.e.TasksChangedSince(ctx, missing, 0); return err }},
		{"TaskdCredentialGet", func(ctx context.Context) error { _, _, err := b.e.TaskdCredentialGet(ctx, uuid.New()); return err }},
		{"TaskdCredentials", func(ctx context.Context) error { _, err := b.e.TaskdCredentials(ctx, missing); return err }},
		{"TaskdCredentialAdd", func(ctx context.Context) error {
			return b.e.TaskdCredentialAdd(ctx, store.TaskdCredential{AccountID: missing, Org: "o", User: "u", Key: uuid.New()})
		}},
		{"TaskdOrgGet", func(ctx context.Context) error { _, err := b.e.TaskdOrgGet(ctx, "nobody"); return err }},
		{"ChainUpdate", func(ctx context.Context) error {
			return b.e.ChainUpdate(ctx, missing, func(context.Context, store.ChainTx) error {
				t.Error("ChainUpdate called fn for an account without a chain")
				return nil
			})
		}},
	}
	for _, tt := range tests {
		err := tt.call(b.ctx)
		require.ErrorIs(t, err, store.ErrNotFound, "%s(unknown) = %v, want store.ErrNotFound", tt.name, err)
	}
}
