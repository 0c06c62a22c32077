package pki

import (
	"crypto"
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
	return ca.serverCertIn(fileSlot{dir: dir}, hosts, now)
}

// pairSlot is where a server certificate is kept: a pair of files or a row of the store.
type pairSlot interface {
	// load returns the certificate kept there; any error means "issue a new one".
	load() (tls.Certificate, error)
	// save keeps a new certificate and its key there.
	save(cert *x509.Certificate, key crypto.Signer) error
}

// serverCertIn is ServerCert with the certificate kept in slot.
func (ca *CA) serverCertIn(slot pairSlot, hosts []string, now time.Time) (tls.Certificate, error) {
	if len(hosts) == 0 {
		hosts = DefaultHosts()
	}
	want, err := parseHosts(hosts)
	if err != nil {
		return tls.Certificate{}, err
	}
	if pair, err := slot.load(); err == nil && ca.reusable(pair, want, now) {
		pair.Certificate = pair.Certificate[:1]
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
	if err := slot.save(cert, key); err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}, nil
}

// fileSlot keeps a server certificate in server.cert.pem and server.key.pem of dir.
type fileSlot struct{ dir string }

func (f fileSlot) load() (tls.Certificate, error) {
	return LoadKeyPair(filepath.Join(f.dir, ServerCertFile), filepath.Join(f.dir, ServerKeyFile))
}

func (f fileSlot) save(cert *x509.Certificate, key crypto.Signer) error {
	keyPEM, err := encodeKey(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(f.dir, dirMode); err != nil {
		return err
	}
	// Key first: a crash in between leaves a pair that does not match, which the next start
	// replaces.
	if err := WriteFileAtomic(filepath.Join(f.dir, ServerKeyFile), keyPEM, keyMode); err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(f.dir, ServerCertFile), encodeCert(cert), certMode)
}

// reusable reports whether a kept server certificate can be served on: it chains to this CA
// with EKU serverAuth, names exactly want, and is valid from now until beyond ServerRenewBefore.
func (ca *CA) reusable(pair tls.Certificate, want hostSet, now time.Time) bool {
	cert := pair.Leaf
	roots := x509.NewCertPool()
	roots.AddCert(ca.cert)
	_, err := cert.Verify(x509.VerifyOptions{
		Roots:       roots,
		CurrentTime: now,
		KeyUsages:   []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	return err == nil && now.Add(ServerRenewBefore).Before(cert.NotAfter) && want.covers(cert.DNSNames, cert.IPAddresses)
}
