package storetest

import (
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// ensureConcurrency is how many first requests for one new client id race in EnsureConcurrent.
const ensureConcurrency = 16

// testClient covers client lookup and the race-free auto-creation of encrypted accounts.
func testClient(t *testing.T, setup setupFunc) {
	t.Run("Get", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		id := uuid.New()
		a := b.createAccount(t, "alice", store.ModePlaintext, id)
		c, err := b.e.ClientGet(b.ctx, id)
		require.NoError(t, err)
		require.Equal(t, store.Client{ClientID: id, Account: a}, c)
	})

	t.Run("GetSeesStatus", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		id := uuid.New()
		a := b.createAccount(t, "alice", store.ModePlaintext, id)
		require.NoError(t, b.e.AccountSetStatus(b.ctx, a.ID, store.StatusSuspended))
		c, err := b.e.ClientGet(b.ctx, id)
		require.NoError(t, err)
		require.Equal(t, store.StatusSuspended, c.Account.Status)
	})

	t.Run("EnsureCreates", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		id := uuid.New()
		c, err := b.e.ClientEnsureEncrypted(b.ctx, id)
		require.NoError(t, err)
		require.Equal(t, id, c.ClientID)
		require.Equal(t, id.String(), c.Account.Name)
		require.Equal(t, store.ModeEncrypted, c.Account.Mode)
		require.Equal(t, store.StatusActive, c.Account.Status)

		got, err := b.e.ClientGet(b.ctx, id)
		require.NoError(t, err)
		require.Equal(t, c, got)
		clients, err := b.e.AccountClients(b.ctx, c.Account.ID)
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{id}, clients)
		ch, err := b.e.ChainGet(b.ctx, c.Account.ID)
		require.NoError(t, err)
		require.Equal(t, store.Chain{AccountID: c.Account.ID, Latest: store.NilVersion}, ch)
	})

	t.Run("EnsureIsIdempotent", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		id := uuid.New()
		first, err := b.e.ClientEnsureEncrypted(b.ctx, id)
		require.NoError(t, err)
		second, err := b.e.ClientEnsureEncrypted(b.ctx, id)
		require.NoError(t, err)
		require.Equal(t, first, second)
		list, err := b.e.AccountList(b.ctx)
		require.NoError(t, err)
		require.Len(t, list, 1)
	})

	t.Run("EnsureReturnsExisting", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		id := uuid.New()
		a := b.createAccount(t, "household", store.ModePlaintext, id)
		c, err := b.e.ClientEnsureEncrypted(b.ctx, id)
		require.NoError(t, err)
		require.Equal(t, store.Client{ClientID: id, Account: a}, c, "an existing client keeps its (plaintext) account")
		list, err := b.e.AccountList(b.ctx)
		require.NoError(t, err)
		require.Len(t, list, 1)
	})

	t.Run("EnsureNameTaken", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		id := uuid.New()
		b.createAccount(t, id.String(), store.ModeEncrypted, uuid.Nil)
		_, err := b.e.ClientEnsureEncrypted(b.ctx, id)
		require.ErrorIs(t, err, store.ErrConflict)
		_, err = b.e.ClientGet(b.ctx, id)
		require.ErrorIs(t, err, store.ErrNotFound, "a refused ensure must not attach the client")
	})

	t.Run("EnsureConcurrent", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		testEnsureConcurrent(t, b)
	})
}

// testEnsureConcurrent races ensureConcurrency first requests for one new client id: all must
// succeed and see the same account, and exactly one account must exist afterwards.
func testEnsureConcurrent(t *testing.T, b *testBundle) {
	id := uuid.New()
	var wg sync.WaitGroup
	start := make(chan struct{})
	clients := make([]store.Client, ensureConcurrency)
	errs := make([]error, ensureConcurrency)
	for i := range ensureConcurrency {
		wg.Go(func() {
			<-start
			clients[i], errs[i] = b.e.ClientEnsureEncrypted(b.ctx, id)
		})
	}
	close(start)
	wg.Wait()
	for i := range ensureConcurrency {
		require.NoError(t, errs[i], "ClientEnsureEncrypted call %d", i)
		require.Equal(t, clients[0], clients[i], "call %d saw another account", i)
	}
	list, err := b.e.AccountList(b.ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, id.String(), list[0].Name)
}
