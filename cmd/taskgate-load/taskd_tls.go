package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
)

// taskdTLSFiles are the PEM files a taskd client needs, as in taskrc's taskd.ca/certificate/key.
type taskdTLSFiles struct {
	ca, cert, key string
}

// clientTLS builds the client side of a taskd connection: the client certificate, and a server
// check against the CA only. The server's name is checked against serverName like Taskwarrior
// (GnuTLS) does, which still accepts the subject common name of a certificate without any
// subject alternative name: the certificates taskd's own PKI scripts make have none, and Go's
// standard check refuses them. The key exchange groups are those Taskwarrior 2.x's GnuTLS 3.7
// offers (X25519, P-256): Go's default post-quantum hybrid, which no 2.x client negotiates,
// would make every handshake cost the server more than a real client's does.
func clientTLS(f taskdTLSFiles, serverName string) (*tls.Config, error) {
	pem, err := os.ReadFile(f.ca)
	if err != nil {
		return nil, fmt.Errorf("--ca: %w", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("--ca %s: no PEM certificate", f.ca)
	}
	pair, err := tls.LoadX509KeyPair(f.cert, f.key)
	if err != nil {
		return nil, fmt.Errorf("--cert/--key: %w", err)
	}
	return &tls.Config{
		Certificates:     []tls.Certificate{pair},
		ServerName:       serverName,
		CurvePreferences: []tls.CurveID{tls.X25519, tls.CurveP256},
		// The standard check is replaced, not skipped: VerifyConnection runs on every handshake.
		InsecureSkipVerify: true, //nolint:gosec // see verifyServer
		VerifyConnection: func(cs tls.ConnectionState) error {
			return verifyServer(cs.PeerCertificates, roots, serverName)
		},
	}, nil
}

// verifyServer checks that the chain leads to roots, is valid for server authentication and
// names serverName (by SAN, or by common name when the certificate has no SAN at all).
func verifyServer(chain []*x509.Certificate, roots *x509.CertPool, serverName string) error {
	if len(chain) == 0 {
		return errors.New("server sent no certificate")
	}
	leaf := chain[0]
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	opts := x509.VerifyOptions{Roots: roots, Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	if _, err := leaf.Verify(opts); err != nil {
		return fmt.Errorf("server certificate: %w", err)
	}
	err := leaf.VerifyHostname(serverName)
	if err == nil || (!hasSAN(leaf) && strings.EqualFold(leaf.Subject.CommonName, serverName)) {
		return nil
	}
	return fmt.Errorf("server certificate: %w", err)
}

func hasSAN(c *x509.Certificate) bool {
	return len(c.DNSNames)+len(c.IPAddresses)+len(c.EmailAddresses)+len(c.URIs) > 0
}
