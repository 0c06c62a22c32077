package storetest

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testTaskdCredential covers the taskd logins of plaintext accounts.
func testTaskdCredential(t *testing.T, setup setupFunc) {
	t.Run("AddGetList", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTaskdAddGetList(t, b)
	})

	t.Run("CreatedWithAccount", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		cred := store.TaskdCredential{Org: "Public", User: "alice", Key: uuid.New()}
		a := b.createTaskdAccount(t, "alice", cred)
		cred.AccountID = a.ID
		b.requireCredential(t, cred, a)
		list, err := b.e.TaskdCredentials(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, []store.TaskdCredential{cred}, list)
	})

	t.Run("Login", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		cred := store.TaskdCredential{Org: "Home", User: "alice", Key: uuid.New()}
		a := b.createTaskdAccount(t, "alice", cred)
		cred.AccountID = a.ID
		got, err := b.e.TaskdLoginGet(b.ctx, cred.Key)
		require.NoError(t, err)
		require.Equal(t, store.TaskdLogin{Credential: cred, Account: a}, got, "an organization without a row is zero")
		org := store.TaskdOrg{Name: "Home", Suspended: true, Redirect: "other.example:53589"}
		require.NoError(t, b.e.TaskdOrgPut(b.ctx, org))
		got, err = b.e.TaskdLoginGet(b.ctx, cred.Key)
		require.NoError(t, err)
		require.Equal(t, store.TaskdLogin{Credential: cred, Account: a, Org: org}, got)
		_, err = b.e.TaskdLoginGet(b.ctx, uuid.New())
		require.ErrorIs(t, err, store.ErrNotFound)
	})

	t.Run("Duplicates", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTaskdDuplicates(t, b)
	})

	t.Run("FailedCredentialCreatesNothing", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testTaskdFailedCreate(t, b)
	})

	t.Run("EncryptedAccountRefuses", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "bob", store.ModeEncrypted, uuid.New())
		cred := store.TaskdCredential{AccountID: a.ID, Org: "Public", User: "bob", Key: uuid.New()}
		require.ErrorIs(t, b.e.TaskdCredentialAdd(b.ctx, cred), store.ErrNotPlaintext)
		_, _, err := b.e.TaskdCredentialGet(b.ctx, cred.Key)
		require.ErrorIs(t, err, store.ErrNotFound)
		list, err := b.e.TaskdCredentials(b.ctx, a.ID)
		require.NoError(t, err)
		require.Empty(t, list)
	})

	t.Run("InvalidCredential", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
		for _, c := range []store.TaskdCredential{
			{AccountID: a.ID, User: "alice", Key: uuid.New()},
			{AccountID: a.ID, Org: "Public", Key: uuid.New()},
			{AccountID: a.ID, Org: "Public", User: "alice"},
		} {
			err := b.e.TaskdCredentialAdd(b.ctx, c)
			require.Error(t, err, "TaskdCredentialAdd(%+v)", c)
			require.NotErrorIs(t, err, store.ErrConflict)
			require.NotErrorIs(t, err, store.ErrNotFound)
		}
		list, err := b.e.TaskdCredentials(b.ctx, a.ID)
		require.NoError(t, err)
		require.Empty(t, list)
	})
}

// testTaskdAddGetList adds credentials to two accounts and reads them back by key and by account.
func testTaskdAddGetList(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	other := b.createAccount(t, "bob", store.ModePlaintext, uuid.New())
	list, err := b.e.TaskdCredentials(b.ctx, a.ID)
	require.NoError(t, err)
	require.NotNil(t, list)
	require.Empty(t, list)
	creds := []store.TaskdCredential{
		{AccountID: a.ID, Org: "Public", User: "alice", Key: uuid.New()},
		{AccountID: a.ID, Org: "Home", User: "alice", Key: uuid.New()},
		{AccountID: a.ID, Org: "Home", User: "Alice", Key: uuid.New()},
		{AccountID: other.ID, Org: "Public", User: "bob", Key: uuid.New()},
	}
	for _, c := range creds {
		require.NoError(t, b.e.TaskdCredentialAdd(b.ctx, c))
	}
	b.requireCredential(t, creds[1], a)
	b.requireCredential(t, creds[3], other)
	list, err = b.e.TaskdCredentials(b.ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, []store.TaskdCredential{creds[2], creds[1], creds[0]}, list, "ordered by org, then user")
}

// testTaskdDuplicates checks that a key, and an org with a user, belong to one credential only,
// across accounts.
func testTaskdDuplicates(t *testing.T, b *testBundle) {
	a := b.createAccount(t, "alice", store.ModePlaintext, uuid.New())
	other := b.createAccount(t, "bob", store.ModePlaintext, uuid.New())
	cred := store.TaskdCredential{AccountID: a.ID, Org: "Public", User: "alice", Key: uuid.New()}
	require.NoError(t, b.e.TaskdCredentialAdd(b.ctx, cred))
	dups := []store.TaskdCredential{
		cred,
		{AccountID: a.ID, Org: "Public", User: "alice", Key: uuid.New()},
		{AccountID: a.ID, Org: "Home", User: "al", Key: cred.Key},
		{AccountID: other.ID, Org: "Public", User: "alice", Key: uuid.New()},
		{AccountID: other.ID, Org: "Home", User: "bob", Key: cred.Key},
	}
	for _, d := range dups {
		require.ErrorIs(t, b.e.TaskdCredentialAdd(b.ctx, d), store.ErrConflict, "TaskdCredentialAdd(%+v)", d)
	}
	b.requireCredential(t, cred, a)
	list, err := b.e.TaskdCredentials(b.ctx, other.ID)
	require.NoError(t, err)
	require.Empty(t, list)
}

// testTaskdFailedCreate checks that an account whose taskd credential is refused is not created,
// nor its client or key.
func testTaskdFailedCreate(t *testing.T, b *testBundle) {
	taken := store.TaskdCredential{Org: "Public", User: "alice", Key: uuid.New()}
	b.createTaskdAccount(t, "alice", taken)
	for i, cred := range []store.TaskdCredential{
		{Org: "Home", User: "bob", Key: taken.Key},
		{Org: taken.Org, User: taken.User, Key: uuid.New()},
	} {
		client := uuid.New()
		key := testKey(client)
		_, err := b.e.AccountCreate(b.ctx, store.AccountCreateParams{
			Name: "bob", Mode: store.ModePlaintext, ClientID: client, Key: &key, Taskd: &cred,
		})
		require.ErrorIs(t, err, store.ErrConflict, "credential %d", i)
		_, err = b.e.AccountGetByName(b.ctx, "bob")
		require.ErrorIs(t, err, store.ErrNotFound, "the account must not outlive its failed credential")
		_, err = b.e.ClientGet(b.ctx, client)
		require.ErrorIs(t, err, store.ErrNotFound)
	}
	list, err := b.e.AccountList(b.ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
}

// testTaskdOrg covers the per-organization settings.
func testTaskdOrg(t *testing.T, setup setupFunc) {
	t.Run("PutGetReplace", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		_, err := b.e.TaskdOrgGet(b.ctx, "Public")
		require.ErrorIs(t, err, store.ErrNotFound)
		orgs := []store.TaskdOrg{
			{Name: "Public"},
			{Name: "Public", Suspended: true},
			{Name: "Public", Redirect: "tasks.example.org:53589"},
		}
		for _, o := range orgs {
			require.NoError(t, b.e.TaskdOrgPut(b.ctx, o))
			got, err := b.e.TaskdOrgGet(b.ctx, o.Name)
			require.NoError(t, err)
			require.Equal(t, o, got)
		}
		_, err = b.e.TaskdOrgGet(b.ctx, "public")
		require.ErrorIs(t, err, store.ErrNotFound, "organization names are case-sensitive")
	})

	t.Run("NoName", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		err := b.e.TaskdOrgPut(b.ctx, store.TaskdOrg{Suspended: true})
		require.Error(t, err)
		require.NotErrorIs(t, err, store.ErrConflict)
	})
}

// createTaskdAccount creates a plaintext account holding the taskd credential cred.
func (b *testBundle) createTaskdAccount(t *testing.T, name string, cred store.TaskdCredential) store.Account {
	t.Helper()
	client := uuid.New()
	key := testKey(client)
	a, err := b.e.AccountCreate(b.ctx, store.AccountCreateParams{
		Name: name, Mode: store.ModePlaintext, ClientID: client, Key: &key, Taskd: &cred,
	})
	require.NoError(t, err, "AccountCreate(%q)", name)
	return a
}

// requireCredential checks that TaskdCredentialGet finds want, with account a.
func (b *testBundle) requireCredential(t *testing.T, want store.TaskdCredential, a store.Account) {
	t.Helper()
	got, acct, err := b.e.TaskdCredentialGet(b.ctx, want.Key)
	require.NoError(t, err)
	require.Equal(t, want, got)
	require.Equal(t, a, acct)
}
