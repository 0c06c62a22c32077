package gateway_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/keys/keystest"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
)

// keyStore is what the test needs: the key check and accounts.
type keyStore interface {
	gateway.KeyCheckStore
	AccountCreate(ctx context.Context, p store.AccountCreateParams) (store.Account, error)
}

// TestCheckMasterKey: the first key to serve a store is written into its key check; another key
// is refused afterwards; no key has nothing to check.
func TestCheckMasterKey(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st keyStore) {
		a, b := keystest.NewMasterKey(t), keystest.NewMasterKey(t)
		require.NoError(t, gateway.CheckMasterKey(t.Context(), st, keys.MasterKey{}))
		_, err := st.KeyCheckGet(t.Context())
		require.ErrorIs(t, err, store.ErrNotFound, "no key writes no check")
		require.NoError(t, gateway.CheckMasterKey(t.Context(), st, a))
		require.NoError(t, gateway.CheckMasterKey(t.Context(), st, a))
		require.ErrorIs(t, gateway.CheckMasterKey(t.Context(), st, b), gateway.ErrWrongMasterKey)
	})
}

// TestCheckMasterKeyExistingStore: a store served before the key check existed gets one only
// from the key its plaintext accounts are sealed with.
func TestCheckMasterKeyExistingStore(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st keyStore) {
		a, b := keystest.NewMasterKey(t), keystest.NewMasterKey(t)
		_, err := st.AccountCreate(t.Context(), store.AccountCreateParams{Name: "open", Mode: store.ModeEncrypted})
		require.NoError(t, err)
		id := uuid.New()
		key, err := chain.SealAccountKey(a, id, []byte("secret"))
		require.NoError(t, err)
		_, err = st.AccountCreate(t.Context(), store.AccountCreateParams{Name: "plain", Mode: store.ModePlaintext, ClientID: id, Key: &key})
		require.NoError(t, err)

		require.ErrorIs(t, gateway.CheckMasterKey(t.Context(), st, b), gateway.ErrWrongMasterKey)
		_, err = st.KeyCheckGet(t.Context())
		require.ErrorIs(t, err, store.ErrNotFound, "a wrong key writes no check")
		require.NoError(t, gateway.CheckMasterKey(t.Context(), st, a))
		require.ErrorIs(t, gateway.CheckMasterKey(t.Context(), st, b), gateway.ErrWrongMasterKey)
	})
}
