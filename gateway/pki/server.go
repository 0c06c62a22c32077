package pki

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// ServerValidity is the lifetime of a server certificate made by ServerCert (capped at the CA's
// expiry). ServerCert renews it by itself, so it can be shorter than a device certificate.
const ServerValidity = 2 * 365 * 24 * time.Hour

// ServerRenewBefore is how long before its expiry ServerCert replaces a server certificate.
const ServerRenewBefore = 30 * 24 * time.Hour

// ServerCert returns the server certificate in dir (server.cert.pem and server.key.pem) when it
// was issued by this CA, names exactly hosts (in any order) and stays valid for more than
// ServerRenewBefore; otherwise it issues a new one and writes it there, replacing the old files.
// A new certificate has an ECDSA P-256 key, EKU serverAuth, the DNS names and IP addresses of
// hosts as subject alternative names and the first host as CN, and is valid for ServerValidity.
// No hosts means DefaultHosts.
//
// hosts must list every name and address clients put in taskd.server: under taskd.trust=strict
// Taskwarrior's GnuTLS matches an IP address only against IP address SANs and a name only against
// DNS SANs, and consults the CN only for a certificate without any SAN.
func (ca *CA) ServerCert(dir string, hosts []string, now time.Time) (tls.Certificate, error) {
	if len(hosts) == 0 {
		hosts = DefaultHosts()
	}
	want, err := parseHosts(hosts)
	if err != nil {
		return tls.Certificate{}, err
	}
	certFile, keyFile := filepath.Join(dir, ServerCertFile), filepath.Join(dir, ServerKeyFile)
	if pair, ok := ca.reusable(certFile, keyFile, want, now); ok {
		return pair, nil
	}
	cert, key, err := ca.issue(leaf{
		subject:  pkix.Name{CommonName: want.first, Organization: []string{Organization}},
		eku:      x509.ExtKeyUsageServerAuth,
		validity: ServerValidity,
		hosts:    want,
	}, now)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("issuing the server certificate: %w", err)
	}
	keyPEM, err := encodeKey(key)
	if err != nil {
		return tls.Certificate{}, err
	}
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return tls.Certificate{}, err
	}
	// Key first: a crash in between leaves a pair that does not match, which the next start
	// replaces.
	if err := WriteFileAtomic(keyFile, keyPEM, keyMode); err != nil {
		return tls.Certificate{}, err
	}
	if err := WriteFileAtomic(certFile, encodeCert(cert), certMode); err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}, nil
}

// reusable loads the server certificate in certFile/keyFile and reports whether it can be kept:
// it chains to this CA with EKU serverAuth, names exactly want, and is valid from now until
// beyond ServerRenewBefore. Missing or unreadable files just mean "issue a new one".
func (ca *CA) reusable(certFile, keyFile string, want hostSet, now time.Time) (tls.Certificate, bool) {
	pair, err := LoadKeyPair(certFile, keyFile)
	if err != nil {
		return tls.Certificate{}, false
	}
	cert := pair.Leaf
	roots := x509.NewCertPool()
	roots.AddCert(ca.cert)
	_, err = cert.Verify(x509.VerifyOptions{
		Roots:       roots,
		CurrentTime: now,
		KeyUsages:   []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	if err != nil || !now.Add(ServerRenewBefore).Before(cert.NotAfter) || !want.covers(cert.DNSNames, cert.IPAddresses) {
		return tls.Certificate{}, false
	}
	pair.Certificate = pair.Certificate[:1]
	return pair, true
}
