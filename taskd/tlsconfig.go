package taskd

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"time"
)

// TLSOptions adjusts ServerTLSConfig.
type TLSOptions struct {
	// RSAClientCerts caps the negotiated version at TLS 1.2. Set it whenever a client may present
	// an RSA certificate, for example whenever an imported Taskserver CA is trusted (its PKI
	// scripts only ever issued RSA certificates): Taskwarrior 2.6 with GnuTLS sends no RSA client
	// certificate under TLS 1.3 with Go's server, because Go's TLS 1.3 CertificateRequest offers
	// no rsa_pkcs1 signature scheme (docs/protocols/taskd.md Essentials 15). ECDSA client
	// certificates work under TLS 1.3.
	RSAClientCerts bool

	// TrustAny accepts any client certificate without verifying it, like Taskserver's
	// `trust=allow all`: a certificate is still required, the CertificateRequest lists no CA, and
	// clientCAs must be nil. Only for migrations that cannot do better.
	TrustAny bool

	// IsRevoked, if set, is asked about every certificate of the verified chain except the root
	// (for example a lookup in the CA's CRL); true rejects the handshake.
	IsRevoked func(cert *x509.Certificate) bool

	// Now, if set, is the clock for certificate validity (tests); default time.Now.
	Now func() time.Time
}

// ServerTLSConfig returns a TLS configuration with Taskserver's client-certificate behaviour
// (docs/protocols/taskd.md §8.2): serve cert, require a client certificate and verify it against
// clientCAs with any extended key usage (Taskserver's GnuTLS never checked for clientAuth, and
// Go's RequireAndVerifyClientCert would demand it), and list the CA subjects in the
// CertificateRequest, because GnuTLS clients send their certificate only when its issuer is listed
// (or the list is empty). TLS 1.2 is the minimum, and the maximum too when opts.RSAClientCerts is
// set. Go servers never renegotiate nor request post-handshake authentication, which Taskwarrior's
// read loop could not handle.
func ServerTLSConfig(cert tls.Certificate, clientCAs *x509.CertPool, opts TLSOptions) (*tls.Config, error) {
	if len(cert.Certificate) == 0 {
		return nil, errors.New("taskd: TLS: server certificate is empty")
	}
	cfg := &tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.RequireAnyClientCert,
		MinVersion:   tls.VersionTLS12,
	}
	if opts.RSAClientCerts {
		cfg.MaxVersion = tls.VersionTLS12
	}
	switch {
	case opts.TrustAny && clientCAs != nil:
		return nil, errors.New("taskd: TLS: TrustAny excludes client CAs")
	case opts.TrustAny:
		return cfg, nil
	case clientCAs == nil:
		return nil, errors.New("taskd: TLS: client CAs are required unless TrustAny is set")
	}
	cfg.ClientCAs = clientCAs
	cfg.VerifyConnection = clientVerifier(clientCAs, opts)
	return cfg, nil
}

// clientVerifier returns a VerifyConnection callback that verifies the client chain against roots
// with any extended key usage. VerifyConnection (unlike VerifyPeerCertificate) also runs on
// resumed sessions.
func clientVerifier(roots *x509.CertPool, opts TLSOptions) func(tls.ConnectionState) error {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("taskd: TLS: client sent no certificate")
		}
		vo := x509.VerifyOptions{
			Roots:         roots,
			Intermediates: x509.NewCertPool(),
			CurrentTime:   now(),
			KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
		}
		for _, ic := range cs.PeerCertificates[1:] {
			vo.Intermediates.AddCert(ic)
		}
		chains, err := cs.PeerCertificates[0].Verify(vo)
		if err != nil {
			return fmt.Errorf("taskd: TLS: client certificate: %w", err)
		}
		return checkRevoked(chains[0], opts.IsRevoked)
	}
}

// checkRevoked asks isRevoked about every certificate of chain except its root.
func checkRevoked(chain []*x509.Certificate, isRevoked func(*x509.Certificate) bool) error {
	if isRevoked == nil {
		return nil
	}
	for _, c := range chain[:len(chain)-1] {
		if isRevoked(c) {
			return fmt.Errorf("taskd: TLS: client certificate chain: serial %s is revoked", c.SerialNumber)
		}
	}
	return nil
}
