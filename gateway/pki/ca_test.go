package pki

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEnsureCACreatesOnceAndReloads(t *testing.T) {
	t.Parallel()
	ca, dir := newTestCA(t)

	cert := ca.Certificate()
	require.True(t, cert.IsCA)
	require.True(t, cert.BasicConstraintsValid)
	require.Equal(t, x509.KeyUsageCertSign|x509.KeyUsageCRLSign, cert.KeyUsage)
	require.Equal(t, CACommonName, cert.Subject.CommonName)
	require.Equal(t, []string{Organization}, cert.Subject.Organization)
	require.Equal(t, cert.RawSubject, cert.RawIssuer)
	require.NoError(t, cert.CheckSignatureFrom(cert))
	require.Equal(t, testNow.Add(CAValidity), cert.NotAfter)
	require.LessOrEqual(t, cert.SerialNumber.BitLen(), serialBits)
	require.Greater(t, cert.SerialNumber.BitLen(), serialBits-32, "serial looks too small to be random")
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	require.True(t, ok, "CA key is %T", cert.PublicKey)
	require.Equal(t, elliptic.P256(), pub.Curve)

	again, created, err := EnsureCA(dir, testNow.AddDate(1, 0, 0))
	require.NoError(t, err)
	require.False(t, created)
	require.Equal(t, cert.Raw, again.Certificate().Raw)
	require.True(t, again.key.Public().(*ecdsa.PublicKey).Equal(pub))
	require.Equal(t, ca.CertPEM(), again.CertPEM())

	onDisk, err := os.ReadFile(filepath.Join(dir, CACertFile))
	require.NoError(t, err)
	require.Equal(t, ca.CertPEM(), onDisk)
}

func TestEnsureCAFileModes(t *testing.T) {
	t.Parallel()
	ca, dir := newTestCA(t)
	_, err := ca.ServerCert(dir, nil, testNow)
	require.NoError(t, err)

	tests := []struct {
		path string
		mode os.FileMode
	}{
		{path: "", mode: os.ModeDir | 0o700},
		{path: CAKeyFile, mode: 0o600},
		{path: CACertFile, mode: 0o644},
		{path: ServerKeyFile, mode: 0o600},
		{path: ServerCertFile, mode: 0o644},
	}
	for _, tt := range tests {
		t.Run("/"+tt.path, func(t *testing.T) {
			t.Parallel()
			fi, err := os.Stat(filepath.Join(dir, tt.path))
			require.NoError(t, err)
			require.Equal(t, tt.mode, fi.Mode())
		})
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 4, "no temporary files may be left behind")
}

func TestEnsureCAErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		prepare func(t *testing.T, dir string)
		wantErr string
	}{
		{name: "OnlyKey", wantErr: "found only one of", prepare: func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, CACertFile)))
		}},
		{name: "OnlyCert", wantErr: "found only one of", prepare: func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, CAKeyFile)))
		}},
		{name: "ForeignKey", wantErr: "does not belong", prepare: func(t *testing.T, dir string) {
			_, otherDir := newTestCA(t)
			key, err := os.ReadFile(filepath.Join(otherDir, CAKeyFile))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, CAKeyFile), key, 0o600))
		}},
		{name: "Garbage", wantErr: "no PEM CERTIFICATE block", prepare: func(t *testing.T, dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, CACertFile), []byte("not a certificate"), 0o644))
		}},
		{name: "NotACA", wantErr: "not a CA", prepare: func(t *testing.T, dir string) {
			server, err := os.ReadFile(captured("server.cert.pem"))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, CACertFile), server, 0o644))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, dir := newTestCA(t)
			tt.prepare(t, dir)
			_, _, err := EnsureCA(dir, testNow)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestEnsureCAExpired(t *testing.T) {
	t.Parallel()
	_, dir := newTestCA(t)
	_, _, err := EnsureCA(dir, testNow.Add(CAValidity))
	require.ErrorContains(t, err, "expired")
}

func TestWriteFileAtomicReplaces(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	require.NoError(t, WriteFileAtomic(path, []byte("old"), 0o644))
	require.NoError(t, WriteFileAtomic(path, []byte("new"), 0o600))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "new", string(data))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
}
