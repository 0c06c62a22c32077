package taskd

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testCA is a throwaway certificate authority for TLS tests.
type testCA struct {
	cert *x509.Certificate
	key  crypto.Signer
	pool *x509.CertPool
}

// newTestCA creates a self-signed ECDSA P-256 CA.
func newTestCA(t testing.TB, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{Organization: []string{"taskgate test"}, CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

// certSpec describes a leaf certificate to issue.
type certSpec struct {
	name   string
	serial int64
	eku    []x509.ExtKeyUsage
	rsa    bool // RSA 2048 instead of ECDSA P-256
	server bool // add SANs for 127.0.0.1 and localhost
}

// issue signs a leaf certificate for spec.
func (ca *testCA) issue(t testing.TB, spec certSpec) tls.Certificate {
	t.Helper()
	var key crypto.Signer
	var err error
	if spec.rsa {
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	} else {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(spec.serial),
		Subject:      pkix.Name{Organization: []string{"taskgate test"}, CommonName: spec.name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  spec.eku,
	}
	if spec.server {
		tmpl.DNSNames = []string{"localhost"}
		tmpl.IPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	require.NoError(t, err)
	leaf, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// testPKI is a CA with a server certificate and a client certificate, like Taskserver's PKI.
type testPKI struct {
	ca     *testCA
	server tls.Certificate
	client tls.Certificate
}

// newTestPKI creates a CA, a server certificate and a clientAuth client certificate.
func newTestPKI(t testing.TB) *testPKI {
	t.Helper()
	ca := newTestCA(t, "taskgate test CA")
	return &testPKI{
		ca:     ca,
		server: ca.issue(t, certSpec{name: "localhost", serial: 2, eku: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, server: true}),
		client: ca.issue(t, certSpec{name: "client", serial: 3, eku: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}),
	}
}

// clientConfig returns a client TLS config that trusts the PKI's CA and presents certs.
func (p *testPKI) clientConfig(certs ...tls.Certificate) *tls.Config {
	return &tls.Config{RootCAs: p.ca.pool, ServerName: "127.0.0.1", Certificates: certs}
}
