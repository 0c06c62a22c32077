package storetest

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testPKI covers the certificates of the taskd PKI and the master key check, which every
// process on one database shares.
func testPKI(t *testing.T, setup setupFunc) {
	t.Run("CreateGetPutList", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		_, err := b.e.PKICertGet(b.ctx, "ca")
		require.ErrorIs(t, err, store.ErrNotFound)
		ca := store.PKICert{Name: "ca", CertPEM: []byte("cert"), SealedKey: []byte{1, 2, 3}}
		require.NoError(t, b.e.PKICertCreate(b.ctx, ca))
		require.ErrorIs(t, b.e.PKICertCreate(b.ctx, store.PKICert{Name: "ca", CertPEM: []byte("other")}), store.ErrConflict)
		got, err := b.e.PKICertGet(b.ctx, "ca")
		require.NoError(t, err)
		require.Equal(t, ca, got, "the first CA stays")

		trusted := store.PKICert{Name: "client-ca:taskd", CertPEM: []byte("taskd")}
		require.NoError(t, b.e.PKICertPut(b.ctx, trusted))
		got, err = b.e.PKICertGet(b.ctx, trusted.Name)
		require.NoError(t, err)
		require.Nil(t, got.SealedKey, "a certificate without a key reads back without one")
		trusted.CertPEM = []byte("taskd, again")
		require.NoError(t, b.e.PKICertPut(b.ctx, trusted))

		list, err := b.e.PKICertList(b.ctx)
		require.NoError(t, err)
		require.Equal(t, []store.PKICert{ca, trusted}, list)
		require.Error(t, b.e.PKICertPut(b.ctx, store.PKICert{CertPEM: []byte("x")}), "a certificate needs a name")
	})

	t.Run("OneCAWinsARace", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		const n = 4
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				errs[i] = b.e.PKICertCreate(b.ctx, store.PKICert{Name: "ca", CertPEM: []byte{byte(i)}})
			})
		}
		wg.Wait()
		wins := 0
		for _, err := range errs {
			if err == nil {
				wins++
				continue
			}
			require.ErrorIs(t, err, store.ErrConflict)
		}
		require.Equal(t, 1, wins, "exactly one process creates the CA")
	})

	t.Run("KeyCheck", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		_, err := b.e.KeyCheckGet(b.ctx)
		require.ErrorIs(t, err, store.ErrNotFound)
		require.NoError(t, b.e.KeyCheckCreate(b.ctx, []byte("sealed")))
		require.ErrorIs(t, b.e.KeyCheckCreate(b.ctx, []byte("another")), store.ErrConflict)
		got, err := b.e.KeyCheckGet(b.ctx)
		require.NoError(t, err)
		require.Equal(t, []byte("sealed"), got)
	})

	t.Run("Health", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		require.NoError(t, b.e.Ping(b.ctx))
		require.NoError(t, b.e.CheckSchema(b.ctx))
	})
}
