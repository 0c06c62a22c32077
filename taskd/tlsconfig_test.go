package taskd

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// pipeHandshake runs a TLS handshake over net.Pipe and reports the server's handshake error and
// the client's view of the connection. The server writes "ok" after a successful handshake, so
// that a TLS 1.3 client (whose handshake ends before the server checks its certificate) learns
// the outcome too.
func pipeHandshake(t *testing.T, serverCfg, clientCfg *tls.Config) (tls.ConnectionState, error) {
	t.Helper()
	c1, c2 := net.Pipe()
	t.Cleanup(func() { _ = c1.Close(); _ = c2.Close() })
	require.NoError(t, c1.SetDeadline(time.Now().Add(10*time.Second)))
	require.NoError(t, c2.SetDeadline(time.Now().Add(10*time.Second)))
	srvErr := make(chan error, 1)
	go func() {
		srv := tls.Server(c1, serverCfg)
		err := srv.Handshake()
		if err == nil {
			_, err = srv.Write([]byte("ok"))
		}
		srvErr <- err
		_ = srv.Close()
	}()
	cl := tls.Client(c2, clientCfg)
	got, readErr := io.ReadAll(cl)
	err := <-srvErr
	if err == nil && (readErr != nil || !bytes.Equal(got, []byte("ok"))) {
		t.Fatalf("server handshake succeeded but client read %q, %v", got, readErr)
	}
	return cl.ConnectionState(), err
}

func TestServerTLSConfigClientCertificates(t *testing.T) {
	t.Parallel()
	pki := newTestPKI(t)
	other := newTestCA(t, "other CA")
	serverAuthOnly := pki.ca.issue(t, certSpec{name: "s", serial: 10, eku: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	noEKU := pki.ca.issue(t, certSpec{name: "n", serial: 11})
	rsaClient := pki.ca.issue(t, certSpec{name: "r", serial: 12, rsa: true, eku: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	foreign := other.issue(t, certSpec{name: "f", serial: 13})
	revokeSerial := int64(3)

	tests := []struct {
		name        string
		opts        TLSOptions
		pool        *x509.CertPool
		certs       []tls.Certificate
		wantErr     bool
		wantVersion uint16
	}{
		{name: "ClientAuthECDSA", pool: pki.ca.pool, certs: []tls.Certificate{pki.client}, wantVersion: tls.VersionTLS13},
		{name: "ServerAuthEKUAccepted", pool: pki.ca.pool, certs: []tls.Certificate{serverAuthOnly}, wantVersion: tls.VersionTLS13},
		{name: "NoEKUAccepted", pool: pki.ca.pool, certs: []tls.Certificate{noEKU}, wantVersion: tls.VersionTLS13},
		{name: "RSAClientUnderTLS12", opts: TLSOptions{RSAClientCerts: true}, pool: pki.ca.pool, certs: []tls.Certificate{rsaClient}, wantVersion: tls.VersionTLS12},
		{name: "ECDSAClientUnderTLS12", opts: TLSOptions{RSAClientCerts: true}, pool: pki.ca.pool, certs: []tls.Certificate{pki.client}, wantVersion: tls.VersionTLS12},
		{name: "NoCertificate", pool: pki.ca.pool, wantErr: true},
		{name: "WrongCA", pool: pki.ca.pool, certs: []tls.Certificate{foreign}, wantErr: true},
		{name: "Expired", opts: TLSOptions{Now: func() time.Time { return time.Now().Add(48 * time.Hour) }}, pool: pki.ca.pool, certs: []tls.Certificate{pki.client}, wantErr: true},
		{name: "Revoked", opts: TLSOptions{IsRevoked: func(c *x509.Certificate) bool { return c.SerialNumber.Int64() == revokeSerial }}, pool: pki.ca.pool, certs: []tls.Certificate{pki.client}, wantErr: true},
		{name: "NotRevoked", opts: TLSOptions{IsRevoked: func(c *x509.Certificate) bool { return false }}, pool: pki.ca.pool, certs: []tls.Certificate{pki.client}, wantVersion: tls.VersionTLS13},
		{name: "TrustAnyForeign", opts: TLSOptions{TrustAny: true}, certs: []tls.Certificate{foreign}, wantVersion: tls.VersionTLS13},
		{name: "TrustAnyStillNeedsCertificate", opts: TLSOptions{TrustAny: true}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := ServerTLSConfig(pki.server, tt.pool, tt.opts)
			require.NoError(t, err)
			state, err := pipeHandshake(t, cfg, pki.clientConfig(tt.certs...))
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.wantVersion, state.Version, "negotiated %s", tls.VersionName(state.Version))
		})
	}
}

// TestServerTLSConfigCertificateRequestListsCA checks what GnuTLS clients rely on: the
// CertificateRequest names the issuing CA (byte-identical subject), or nothing with TrustAny.
func TestServerTLSConfigCertificateRequestListsCA(t *testing.T) {
	t.Parallel()
	pki := newTestPKI(t)

	for _, tt := range []struct {
		name string
		pool *x509.CertPool
		opts TLSOptions
		want [][]byte
	}{
		{name: "Strict", pool: pki.ca.pool, want: [][]byte{pki.ca.cert.RawSubject}},
		{name: "StrictTLS12", pool: pki.ca.pool, opts: TLSOptions{RSAClientCerts: true}, want: [][]byte{pki.ca.cert.RawSubject}},
		{name: "TrustAny", opts: TLSOptions{TrustAny: true}, want: nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := ServerTLSConfig(pki.server, tt.pool, tt.opts)
			require.NoError(t, err)
			var acceptable [][]byte
			clientCfg := pki.clientConfig()
			clientCfg.GetClientCertificate = func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
				acceptable = cri.AcceptableCAs
				return &pki.client, nil
			}
			_, err = pipeHandshake(t, cfg, clientCfg)
			require.NoError(t, err)
			require.Equal(t, tt.want, acceptable)
		})
	}
}

func TestServerTLSConfigSettings(t *testing.T) {
	t.Parallel()
	pki := newTestPKI(t)

	cfg, err := ServerTLSConfig(pki.server, pki.ca.pool, TLSOptions{})
	require.NoError(t, err)
	require.Equal(t, tls.RequireAnyClientCert, cfg.ClientAuth)
	require.Equal(t, uint16(tls.VersionTLS12), cfg.MinVersion)
	require.Zero(t, cfg.MaxVersion)
	require.Same(t, pki.ca.pool, cfg.ClientCAs)

	cfg, err = ServerTLSConfig(pki.server, pki.ca.pool, TLSOptions{RSAClientCerts: true})
	require.NoError(t, err)
	require.Equal(t, uint16(tls.VersionTLS12), cfg.MaxVersion)

	_, err = ServerTLSConfig(pki.server, nil, TLSOptions{})
	require.Error(t, err, "nil pool without TrustAny")
	_, err = ServerTLSConfig(pki.server, pki.ca.pool, TLSOptions{TrustAny: true})
	require.Error(t, err, "TrustAny with a pool")
	_, err = ServerTLSConfig(tls.Certificate{}, pki.ca.pool, TLSOptions{})
	require.Error(t, err, "empty server certificate")
}
