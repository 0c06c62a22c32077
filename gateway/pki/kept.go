package pki

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"path/filepath"
	"slices"
)

// ClientCAs returns the certificates of every *.pem file in the client-cas folder of pkiDir
// (the imported taskd CA among them), for taskgate serve to trust for client certificates. No
// folder means none.
func ClientCAs(pkiDir string) ([]*x509.Certificate, error) {
	files, err := filepath.Glob(filepath.Join(pkiDir, ClientCAsDir, "*.pem"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	var certs []*x509.Certificate
	for _, f := range files {
		more, err := LoadCertificates(f)
		if err != nil {
			return nil, err
		}
		certs = append(certs, more...)
	}
	return certs, nil
}

// KeptServerCert loads the taskd server certificate and key an import kept in pkiDir. ok is false
// when neither file is there; one without the other is an error.
func KeptServerCert(pkiDir string) (pair tls.Certificate, ok bool, err error) {
	certFile, keyFile := filepath.Join(pkiDir, KeptServerCertFile), filepath.Join(pkiDir, KeptServerKeyFile)
	haveCert, err := fileExists(certFile)
	if err != nil {
		return tls.Certificate{}, false, err
	}
	haveKey, err := fileExists(keyFile)
	if err != nil {
		return tls.Certificate{}, false, err
	}
	switch {
	case !haveCert && !haveKey:
		return tls.Certificate{}, false, nil
	case haveCert != haveKey:
		return tls.Certificate{}, false, fmt.Errorf("%s and %s go together, but one of them is missing", certFile, keyFile)
	}
	pair, err = LoadKeyPair(certFile, keyFile)
	if err != nil {
		return tls.Certificate{}, false, err
	}
	return pair, true, nil
}

// Files a taskd import writes into taskgate's PKI directory and taskgate serve reads from it.
const (
	// ClientCAsDir is the folder of extra client CAs: serve trusts every *.pem file in it.
	ClientCAsDir = "client-cas"
	// TaskdCAFile is the name of the imported taskd CA certificate inside ClientCAsDir.
	TaskdCAFile = "taskd-ca.cert.pem"
	// KeptServerCertFile and KeptServerKeyFile hold the kept taskd server certificate and key; serve uses
	// them when present and no --taskd-server-cert is given. (taskgate's own server.cert.pem is
	// reissued whenever it was not issued by taskgate's CA, so a kept certificate never goes there.)
	KeptServerCertFile = "taskd-server.cert.pem"
	KeptServerKeyFile  = "taskd-server.key.pem"
)

// ClientCAPath returns where an imported taskd CA goes in pkiDir.
func ClientCAPath(pkiDir string) string {
	return filepath.Join(pkiDir, ClientCAsDir, TaskdCAFile)
}
