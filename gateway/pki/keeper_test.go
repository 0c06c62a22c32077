package pki_test

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/keys/keystest"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// TestKeeperOneCA: processes sharing a store (several Keepers at once) end up with one CA, whose
// key is sealed in the store and opens only with the master key.
func TestKeeperOneCA(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st pki.Store) {
		key := keystest.NewMasterKey(t)
		const n = 4
		cas := make([]*pki.CA, n)
		created := make([]bool, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				var err error
				cas[i], created[i], err = pki.NewKeeper(st, key).CA(t.Context(), now)
				require.NoError(t, err)
			})
		}
		wg.Wait()
		wins := 0
		for i := range n {
			require.Equal(t, cas[0].CertPEM(), cas[i].CertPEM(), "every process has the same CA")
			if created[i] {
				wins++
			}
		}
		require.Equal(t, 1, wins)

		stored, err := st.PKICertGet(t.Context(), pki.StoredCA)
		require.NoError(t, err)
		require.NotContains(t, string(stored.SealedKey), "PRIVATE KEY", "the key is sealed")
		_, _, err = pki.NewKeeper(st, keystest.NewMasterKey(t)).CA(t.Context(), now)
		require.ErrorIs(t, err, keys.ErrSealedValue, "another master key does not open the CA")
		_, _, err = pki.NewKeeper(st, keys.MasterKey{}).CA(t.Context(), now)
		require.ErrorIs(t, err, pki.ErrNoMasterKey)
	})
}

// TestKeeperServerCert: a server certificate is issued once per host list and kept in the store,
// so every process serves the same one; another host list gets its own; a certificate close to
// its expiry is renewed.
func TestKeeperServerCert(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st pki.Store) {
		key := keystest.NewMasterKey(t)
		k := pki.NewKeeper(st, key)
		ca, _, err := k.CA(t.Context(), now)
		require.NoError(t, err)
		first, err := k.ServerCert(t.Context(), ca, []string{"tasks.example.org", "127.0.0.1"}, now)
		require.NoError(t, err)
		again, err := pki.NewKeeper(st, key).ServerCert(t.Context(), ca, []string{"127.0.0.1", "TASKS.example.org"}, now)
		require.NoError(t, err)
		require.Equal(t, first.Certificate, again.Certificate, "the same hosts in another order: the same certificate")

		roots := x509.NewCertPool()
		roots.AddCert(ca.Certificate())
		_, err = again.Leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: "tasks.example.org", CurrentTime: now})
		require.NoError(t, err)

		other, err := k.ServerCert(t.Context(), ca, nil, now)
		require.NoError(t, err)
		require.NotEqual(t, first.Certificate, other.Certificate)
		require.Equal(t, []string{"localhost"}, other.Leaf.DNSNames)

		late := first.Leaf.NotAfter.Add(-pki.ServerRenewBefore)
		renewed, err := k.ServerCert(t.Context(), ca, []string{"tasks.example.org", "127.0.0.1"}, late)
		require.NoError(t, err)
		require.NotEqual(t, first.Certificate, renewed.Certificate)
	})
}

// TestKeeperAdopt: the PKI directory of an earlier taskgate, or of a taskd import, is taken
// into the store: its CA becomes the store's, or is trusted when the store has another; client
// CAs and a kept server certificate are stored; with replace, changed files replace stored ones.
func TestKeeperAdopt(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st pki.Store) {
		key := keystest.NewMasterKey(t)
		k := pki.NewKeeper(st, key)
		dir := filepath.Join(t.TempDir(), "pki")
		old, _, err := pki.EnsureCA(dir, now)
		require.NoError(t, err)
		taskdCA, taskdDir := otherCA(t)
		require.NoError(t, os.MkdirAll(filepath.Join(dir, pki.ClientCAsDir), 0o700))
		require.NoError(t, os.WriteFile(pki.ClientCAPath(dir), taskdCA.CertPEM(), 0o644))
		kept, err := taskdCA.ServerCert(taskdDir, []string{"taskd.example.org"}, now)
		require.NoError(t, err)
		copyFile(t, filepath.Join(taskdDir, pki.ServerCertFile), filepath.Join(dir, pki.KeptServerCertFile))
		copyFile(t, filepath.Join(taskdDir, pki.ServerKeyFile), filepath.Join(dir, pki.KeptServerKeyFile))

		got, err := k.Adopt(t.Context(), dir, now, false)
		require.NoError(t, err)
		require.Equal(t, pki.Adopted{CA: true, KeptServer: true, ClientCAs: []string{pki.TaskdCAFile}}, got)
		ca, created, err := k.CA(t.Context(), now)
		require.NoError(t, err)
		require.False(t, created)
		require.Equal(t, old.CertPEM(), ca.CertPEM(), "the directory's CA is the store's")
		pair, ok, err := k.KeptServerCert(t.Context())
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, kept.Certificate, pair.Certificate)
		trusted, err := k.ClientCAs(t.Context())
		require.NoError(t, err)
		require.Equal(t, []*x509.Certificate{taskdCA.Certificate()}, trusted)

		again, err := k.Adopt(t.Context(), dir, now, false)
		require.NoError(t, err)
		require.False(t, again.Any(), "adopting again changes nothing")

		otherDir := filepath.Join(t.TempDir(), "pki")
		another, _, err := pki.EnsureCA(otherDir, now)
		require.NoError(t, err)
		got, err = k.Adopt(t.Context(), otherDir, now, false)
		require.NoError(t, err)
		require.Equal(t, pki.Adopted{OtherCA: true}, got, "a second process's own CA is trusted, not taken")
		trusted, err = k.ClientCAs(t.Context())
		require.NoError(t, err)
		require.Contains(t, trusted, another.Certificate())

		newer, _ := otherCA(t)
		require.NoError(t, os.WriteFile(pki.ClientCAPath(dir), newer.CertPEM(), 0o644))
		got, err = k.Adopt(t.Context(), dir, now, false)
		require.NoError(t, err)
		require.False(t, got.Any(), "without replace, a stored client CA stays")
		got, err = k.Adopt(t.Context(), dir, now, true)
		require.NoError(t, err)
		require.Equal(t, []string{pki.TaskdCAFile}, got.ClientCAs, "an import replaces it")
	})
}

// TestKeeperAdoptNothing: no directory, or an empty one, adopts nothing.
func TestKeeperAdoptNothing(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st pki.Store) {
		k := pki.NewKeeper(st, keystest.NewMasterKey(t))
		for _, dir := range []string{"", filepath.Join(t.TempDir(), "missing"), t.TempDir()} {
			got, err := k.Adopt(t.Context(), dir, now, false)
			require.NoError(t, err)
			require.False(t, got.Any())
		}
		_, err := st.PKICertGet(t.Context(), pki.StoredCA)
		require.ErrorIs(t, err, store.ErrNotFound)
	})
}

// otherCA makes a CA in a directory of its own, standing for a taskd installation's.
func otherCA(t *testing.T) (*pki.CA, string) {
	t.Helper()
	dir := t.TempDir()
	ca, _, err := pki.EnsureCA(dir, now)
	require.NoError(t, err)
	return ca, dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, b, 0o600))
}
