package pki

import "crypto/x509"

// ClientCAPool returns a pool of the CAs whose client certificates the taskd listener accepts,
// for taskd.ServerTLSConfig: typically taskgate's own CA plus any imported Taskserver CA. Their
// subjects are what the TLS CertificateRequest lists, and a Taskwarrior (GnuTLS) client only
// presents its certificate when its issuer is listed. nil entries are skipped.
func ClientCAPool(cas ...*x509.Certificate) *x509.CertPool {
	pool := x509.NewCertPool()
	for _, c := range cas {
		if c != nil {
			pool.AddCert(c)
		}
	}
	return pool
}

// NeedsTLS12 reports whether any of the trusted client CAs has an RSA key, so that RSA client
// certificates may arrive (Taskserver's PKI scripts only ever made RSA ones). Taskwarrior 2.6
// presents an RSA client certificate to a Go server only under TLS 1.2, so the listener must then
// cap the version (taskd.TLSOptions.RSAClientCerts; docs/protocols/taskd.md Essentials 15).
func NeedsTLS12(certs []*x509.Certificate) bool {
	for _, c := range certs {
		if c != nil && c.PublicKeyAlgorithm == x509.RSA {
			return true
		}
	}
	return false
}
