package pki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"time"
	"unicode"
	"unicode/utf8"
)

// serialBits is the size of the random serial number of every certificate taskgate makes.
const serialBits = 128

// randomSerial returns a random positive serial number of up to serialBits bits.
func randomSerial() (*big.Int, error) {
	limit := new(big.Int).Lsh(big.NewInt(1), serialBits)
	for {
		n, err := rand.Int(rand.Reader, limit)
		if err != nil {
			return nil, fmt.Errorf("generating a serial number: %w", err)
		}
		if n.Sign() > 0 {
			return n, nil
		}
	}
}

// leaf is what differs between the leaf certificates a CA issues.
type leaf struct {
	subject  pkix.Name
	eku      x509.ExtKeyUsage
	validity time.Duration
	hosts    hostSet
}

// issue makes a fresh ECDSA P-256 key and a certificate for it signed by the CA. The certificate
// never outlives the CA: a chain stops verifying when its CA expires anyway.
func (ca *CA) issue(l leaf, now time.Time) (*x509.Certificate, crypto.Signer, error) {
	if !now.Before(ca.cert.NotAfter) {
		return nil, nil, fmt.Errorf("the CA certificate expired on %s", ca.cert.NotAfter.UTC().Format(time.DateOnly))
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("generating a key: %w", err)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, nil, err
	}
	notAfter := now.Add(l.validity)
	if notAfter.After(ca.cert.NotAfter) {
		notAfter = ca.cert.NotAfter
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               l.subject,
		NotBefore:             now.Add(-backdate),
		NotAfter:              notAfter,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{l.eku},
		DNSNames:              l.hosts.dns,
		IPAddresses:           l.hosts.ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		return nil, nil, fmt.Errorf("signing a certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, fmt.Errorf("signing a certificate: %w", err)
	}
	return cert, key, nil
}

// DeviceValidity is the lifetime of a device certificate: ten years, capped at the CA's own
// expiry. Taskserver's PKI scripts made CA, server and client certificates that all expired after
// one year at once, with obscure handshake errors on every device — one of its most reported
// problems (docs/protocols/taskd.md §9). The flip side: a lost device's certificate stays valid
// until it is revoked in the device registry (taskgate account device revoke) or the CA is replaced.
const DeviceValidity = 10 * 365 * 24 * time.Hour

// maxCommonName is the upper bound RFC 5280 sets for a subject common name.
const maxCommonName = 64

// IssueDevice issues a client certificate for one device (a Taskwarrior 2.x installation): a new
// ECDSA P-256 key, EKU clientAuth, CN name and O "taskgate", valid for DeviceValidity. It returns
// the certificate and the PKCS#8 private key as PEM, the files a device's taskd.certificate and
// taskd.key point to. name must be 1 to 64 printable characters.
func (ca *CA) IssueDevice(name string, now time.Time) (certPEM, keyPEM []byte, err error) {
	if err := checkDeviceName(name); err != nil {
		return nil, nil, err
	}
	cert, key, err := ca.issue(leaf{
		subject:  pkix.Name{CommonName: name, Organization: []string{Organization}},
		eku:      x509.ExtKeyUsageClientAuth,
		validity: DeviceValidity,
	}, now)
	if err != nil {
		return nil, nil, fmt.Errorf("issuing a device certificate for %q: %w", name, err)
	}
	keyPEM, err = encodeKey(key)
	if err != nil {
		return nil, nil, err
	}
	return encodeCert(cert), keyPEM, nil
}

// checkDeviceName accepts 1 to maxCommonName characters without control characters.
func checkDeviceName(name string) error {
	n := 0
	for _, r := range name {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return fmt.Errorf("device name %q contains a control or invalid character", name)
		}
		n++
	}
	switch {
	case n == 0:
		return errors.New("device name is empty")
	case n > maxCommonName:
		return fmt.Errorf("device name %q is longer than %d characters", name, maxCommonName)
	}
	return nil
}

// Fingerprint returns the lowercase hex SHA-256 of a certificate's DER encoding, the key under
// which taskgate's device registry records it.
func Fingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return hex.EncodeToString(sum[:])
}

// Identify returns the fingerprint and the hex serial number of the certificate in certPEM.
func Identify(certPEM []byte) (fingerprint, serial string, err error) {
	block, _ := pem.Decode(certPEM)
	if block == nil {
		return "", "", errors.New("no PEM certificate")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return "", "", fmt.Errorf("parsing a certificate: %w", err)
	}
	return Fingerprint(cert), cert.SerialNumber.Text(16), nil
}
