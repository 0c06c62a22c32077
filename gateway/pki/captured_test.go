package pki

import (
	"crypto/rsa"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestCapturedTaskserverPKI loads the files a Taskserver installation's PKI scripts made.
func TestCapturedTaskserverPKI(t *testing.T) {
	t.Parallel()
	ca, err := LoadCA(captured("ca.cert.pem"), captured("ca.key.pem"))
	require.NoError(t, err)
	_, isRSA := ca.key.(*rsa.PrivateKey)
	require.True(t, isRSA, "captured CA key is %T", ca.key)
	now := ca.Certificate().NotBefore.Add(24 * time.Hour)

	tests := []struct {
		name string
		eku  x509.ExtKeyUsage
	}{
		{name: "server", eku: x509.ExtKeyUsageServerAuth},
		{name: "client", eku: x509.ExtKeyUsageClientAuth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			certFile, keyFile := captured(tt.name+".cert.pem"), captured(tt.name+".key.pem")
			pair, err := LoadKeyPair(certFile, keyFile)
			require.NoError(t, err)
			_, ok := pair.PrivateKey.(*rsa.PrivateKey)
			require.True(t, ok, "key is %T", pair.PrivateKey)
			require.Equal(t, "localhost", pair.Leaf.Subject.CommonName)

			certs, err := LoadCertificates(certFile)
			require.NoError(t, err)
			require.Len(t, certs, 1)
			require.Equal(t, pair.Leaf.Raw, certs[0].Raw)
			for _, eku := range []x509.ExtKeyUsage{x509.ExtKeyUsageAny, tt.eku} {
				_, err = certs[0].Verify(x509.VerifyOptions{
					Roots:       ClientCAPool(ca.Certificate()),
					CurrentTime: now,
					KeyUsages:   []x509.ExtKeyUsage{eku},
				})
				require.NoError(t, err)
			}
		})
	}

	own, _ := newTestCA(t)
	require.True(t, NeedsTLS12([]*x509.Certificate{ca.Certificate()}))
	require.False(t, NeedsTLS12([]*x509.Certificate{own.Certificate()}))
	require.True(t, NeedsTLS12([]*x509.Certificate{own.Certificate(), ca.Certificate()}))
	require.False(t, NeedsTLS12(nil))

	// Issuing from the imported CA keeps existing clients' trust: the new server cert verifies
	// against their taskd.ca.
	pair, err := ca.ServerCert(t.TempDir(), []string{"localhost"}, now)
	require.NoError(t, err)
	_, err = pair.Leaf.Verify(x509.VerifyOptions{DNSName: "localhost", Roots: ClientCAPool(ca.Certificate()), CurrentTime: now})
	require.NoError(t, err)
}

func TestLoadCertificatesSeveralWithPreambles(t *testing.T) {
	t.Parallel()
	capturedCA, err := os.ReadFile(captured("ca.cert.pem"))
	require.NoError(t, err)
	own, _ := newTestCA(t)
	bundle := append(append([]byte{}, capturedCA...), "\nsome text in between\n"...)
	bundle = append(bundle, own.CertPEM()...)
	bundle = append(bundle, "trailing text\n"...)
	file := filepath.Join(t.TempDir(), "client-ca.pem")
	require.NoError(t, os.WriteFile(file, bundle, 0o644))

	certs, err := LoadCertificates(file)
	require.NoError(t, err)
	require.Len(t, certs, 2)
	require.Equal(t, "localhost", certs[0].Subject.CommonName)
	require.Equal(t, own.Certificate().Raw, certs[1].Raw)
	require.True(t, NeedsTLS12(certs))
	pool := ClientCAPool(certs...)
	require.True(t, pool.Equal(ClientCAPool(certs[0], nil, certs[1])))
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	encrypted := write("enc.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")
	badKey := write("bad.pem", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ5dGVz\n-----END PRIVATE KEY-----\n")
	empty := write("empty.pem", "")

	tests := []struct {
		name    string
		load    func() error
		wantErr string
	}{
		{name: "MissingCertFile", wantErr: "no such file", load: func() error {
			_, err := LoadCertificates(filepath.Join(dir, "missing.pem"))
			return err
		}},
		{name: "NoCertificate", wantErr: "no PEM CERTIFICATE block", load: func() error {
			_, err := LoadCertificates(captured("client.key.pem"))
			return err
		}},
		{name: "KeyFileIsCert", wantErr: "no PEM private key block", load: func() error {
			_, err := LoadKeyPair(captured("client.cert.pem"), captured("client.cert.pem"))
			return err
		}},
		{name: "ForeignKey", wantErr: "does not belong", load: func() error {
			_, err := LoadKeyPair(captured("client.cert.pem"), captured("server.key.pem"))
			return err
		}},
		{name: "EncryptedKey", wantErr: "encrypted", load: func() error {
			_, err := LoadKeyPair(captured("client.cert.pem"), encrypted)
			return err
		}},
		{name: "BrokenKey", wantErr: "parsing the PRIVATE KEY block failed", load: func() error {
			_, err := LoadKeyPair(captured("client.cert.pem"), badKey)
			return err
		}},
		{name: "EmptyKey", wantErr: "no PEM private key block", load: func() error {
			_, err := LoadCA(captured("ca.cert.pem"), empty)
			return err
		}},
		{name: "CAWithLeafCert", wantErr: "not a CA", load: func() error {
			_, err := LoadCA(captured("client.cert.pem"), captured("client.key.pem"))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.load()
			require.ErrorContains(t, err, tt.wantErr)
			require.NotContains(t, err.Error(), "c2VjcmV0", "errors must not quote key material")
		})
	}
}
