package pki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// File names in the directories EnsureCA and (*CA).ServerCert manage.
const (
	// CACertFile is the CA certificate, what every device's taskd.ca points to.
	CACertFile = "ca.cert.pem"
	// CAKeyFile is the CA private key (mode 0600).
	CAKeyFile = "ca.key.pem"
	// ServerCertFile is the server certificate.
	ServerCertFile = "server.cert.pem"
	// ServerKeyFile is the server private key (mode 0600).
	ServerKeyFile = "server.key.pem"
)

// Names written into taskgate's certificates.
const (
	// CACommonName is the subject CN of a CA made by EnsureCA.
	CACommonName = "taskgate CA"
	// Organization is the subject O of every certificate taskgate issues.
	Organization = "taskgate"
)

// CAValidity is the lifetime of a CA made by EnsureCA: ten years, because every device's taskd.ca
// points at it and replacing it means touching every device.
const CAValidity = 10 * 365 * 24 * time.Hour

// backdate is how far NotBefore lies in the past, so that devices whose clock is a little behind
// accept a certificate issued a moment ago.
const backdate = time.Hour

// CA is a certificate authority that can issue server and device certificates: taskgate's own
// or an imported one, such as the CA of a Taskserver installation.
type CA struct {
	cert *x509.Certificate
	key  crypto.Signer
}

// EnsureCA loads the CA in dir (ca.cert.pem and ca.key.pem) or, when neither file exists, creates
// it: an ECDSA P-256 self-signed certificate with CN "taskgate CA" and O "taskgate", valid for
// ten years from now. dir is created with mode 0700 if needed. created reports whether a new CA
// was made. Only one of the two files existing is an error, as is a loaded CA that expired.
func EnsureCA(dir string, now time.Time) (ca *CA, created bool, err error) {
	certFile, keyFile := filepath.Join(dir, CACertFile), filepath.Join(dir, CAKeyFile)
	certExists, err := fileExists(certFile)
	if err != nil {
		return nil, false, err
	}
	keyExists, err := fileExists(keyFile)
	if err != nil {
		return nil, false, err
	}
	switch {
	case certExists && keyExists:
		ca, err := LoadCA(certFile, keyFile)
		if err != nil {
			return nil, false, err
		}
		if !now.Before(ca.cert.NotAfter) {
			return nil, false, fmt.Errorf("%s: the CA certificate expired on %s", certFile, ca.cert.NotAfter.UTC().Format(time.DateOnly))
		}
		return ca, false, nil
	case certExists || keyExists:
		return nil, false, fmt.Errorf("%s: found only one of %s and %s; restore the other or remove it to create a new CA", dir, CACertFile, CAKeyFile)
	}
	ca, err = newCA(now)
	if err != nil {
		return nil, false, err
	}
	if err := ca.write(dir, certFile, keyFile); err != nil {
		return nil, false, err
	}
	return ca, true, nil
}

// LoadCA loads a CA certificate and its private key, for example an operator-provided CA or the
// ca.cert.pem and ca.key.pem of a Taskserver installation. Keys may be PKCS#1 RSA, SEC 1 EC or
// unencrypted PKCS#8; PEM files may start with a text preamble. The certificate must be a CA
// (basic constraints CA:TRUE) allowed to sign certificates, and the key must belong to it.
func LoadCA(certFile, keyFile string) (*CA, error) {
	certs, err := LoadCertificates(certFile)
	if err != nil {
		return nil, err
	}
	cert := certs[0]
	if !cert.BasicConstraintsValid || !cert.IsCA {
		return nil, fmt.Errorf("%s: the certificate is not a CA (basic constraints CA:TRUE missing)", certFile)
	}
	if cert.KeyUsage != 0 && cert.KeyUsage&x509.KeyUsageCertSign == 0 {
		return nil, fmt.Errorf("%s: the CA certificate's key usage does not allow signing certificates", certFile)
	}
	key, err := loadPrivateKey(keyFile)
	if err != nil {
		return nil, err
	}
	if !publicKeyMatches(cert, key) {
		return nil, fmt.Errorf("%s: the private key does not belong to the CA certificate in %s", keyFile, certFile)
	}
	return &CA{cert: cert, key: key}, nil
}

// Certificate returns the CA certificate, for ClientCAPool and NeedsTLS12.
func (ca *CA) Certificate() *x509.Certificate { return ca.cert }

// CertPEM returns the CA certificate as PEM: the file a device's taskd.ca points to.
func (ca *CA) CertPEM() []byte { return encodeCert(ca.cert) }

// newCA creates a self-signed ECDSA P-256 CA valid from now for CAValidity.
func newCA(now time.Time) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating the CA key: %w", err)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: CACommonName, Organization: []string{Organization}},
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.Add(CAValidity),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("creating the CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("creating the CA certificate: %w", err)
	}
	return &CA{cert: cert, key: key}, nil
}

// write stores a new CA: the key first, so that a crash in between leaves a stray key (which
// EnsureCA reports) and never a certificate without its key.
func (ca *CA) write(dir, certFile, keyFile string) error {
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return err
	}
	keyPEM, err := encodeKey(ca.key)
	if err != nil {
		return err
	}
	if err := WriteFileAtomic(keyFile, keyPEM, keyMode); err != nil {
		return err
	}
	return WriteFileAtomic(certFile, ca.CertPEM(), certMode)
}
