package pki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
)

// PEM block types.
const (
	pemCertificate = "CERTIFICATE"
	pemPKCS8Key    = "PRIVATE KEY"
	pemPKCS1Key    = "RSA PRIVATE KEY"
	pemSEC1Key     = "EC PRIVATE KEY"
)

// LoadCertificates reads every certificate of a PEM file, such as a `--taskd-client-ca` file.
// Text before, between and after the PEM blocks (certtool writes a human-readable dump before
// each one) is ignored, as are blocks of other types; a file without any certificate is an error.
func LoadCertificates(file string) ([]*x509.Certificate, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	certs, err := parseCertificates(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return certs, nil
}

// LoadKeyPair reads a certificate file and its private key file, for example the server.cert.pem
// and server.key.pem of an existing Taskserver installation. The certificate file may hold a
// chain (leaf first); keys may be PKCS#1 RSA, SEC 1 EC or unencrypted PKCS#8, with or without a
// text preamble. The key must belong to the first certificate.
func LoadKeyPair(certFile, keyFile string) (tls.Certificate, error) {
	certs, err := LoadCertificates(certFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	key, err := loadPrivateKey(keyFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	if !publicKeyMatches(certs[0], key) {
		return tls.Certificate{}, fmt.Errorf("%s: the private key does not belong to the certificate in %s", keyFile, certFile)
	}
	pair := tls.Certificate{PrivateKey: key, Leaf: certs[0]}
	for _, c := range certs {
		pair.Certificate = append(pair.Certificate, c.Raw)
	}
	return pair, nil
}

// parseCertificates parses every CERTIFICATE block of data.
func parseCertificates(data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != pemCertificate {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d: %w", len(certs)+1, err)
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 {
		return nil, errors.New("no PEM CERTIFICATE block found")
	}
	return certs, nil
}

// loadPrivateKey reads the first private key block of a PEM file.
func loadPrivateKey(file string) (crypto.Signer, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	key, err := parsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return key, nil
}

// parsePrivateKey parses the first private key block of data: PKCS#8, PKCS#1 RSA or SEC 1 EC.
// Its errors never quote the key.
func parsePrivateKey(data []byte) (crypto.Signer, error) {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, errors.New("no PEM private key block found")
		}
		if _, encrypted := block.Headers["Proc-Type"]; encrypted || block.Type == "ENCRYPTED PRIVATE KEY" {
			return nil, errors.New("the private key is encrypted; store it without a passphrase")
		}
		var key any
		var err error
		switch block.Type {
		case pemPKCS8Key:
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case pemPKCS1Key:
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case pemSEC1Key:
			key, err = x509.ParseECPrivateKey(block.Bytes)
		default:
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("parsing the %s block failed", block.Type)
		}
		return asSigner(key)
	}
}

// asSigner accepts the key types a certificate can carry.
func asSigner(key any) (crypto.Signer, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		return k, nil
	case ed25519.PrivateKey:
		return k, nil
	default:
		return nil, fmt.Errorf("unsupported private key type %T", key)
	}
}

// publicKeyMatches reports whether key is the private half of cert's public key.
func publicKeyMatches(cert *x509.Certificate, key crypto.Signer) bool {
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	return ok && pub.Equal(cert.PublicKey)
}

// encodeCert returns cert as one PEM block.
func encodeCert(cert *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: pemCertificate, Bytes: cert.Raw})
}

// encodeKey returns key as a PKCS#8 "PRIVATE KEY" PEM block, which GnuTLS (Taskwarrior 2.x)
// reads as well as Go does.
func encodeKey(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encoding private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemPKCS8Key, Bytes: der}), nil
}
