package pki

import (
	"crypto/tls"
	"fmt"
	"path/filepath"
	"slices"
)

// clientCAFiles lists the *.pem files of the client-cas folder of pkiDir, sorted.
func clientCAFiles(pkiDir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(pkiDir, ClientCAsDir, "*.pem"))
	slices.Sort(files)
	return files, err
}

// KeptServerCert loads the taskd server certificate and key an import kept in pkiDir, for Adopt. ok is false
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
	// ClientCAsDir is the folder of extra client CAs: Adopt stores every *.pem file in it, and
	// serve trusts them.
	ClientCAsDir = "client-cas"
	// TaskdCAFile is the name of the imported taskd CA certificate inside ClientCAsDir.
	TaskdCAFile = "taskd-ca.cert.pem"
	// KeptServerCertFile and KeptServerKeyFile hold the kept taskd server certificate and key,
	// which Adopt stores; serve uses it when no --taskd-server-cert is given.
	KeptServerCertFile = "taskd-server.cert.pem"
	KeptServerKeyFile  = "taskd-server.key.pem"
)

// ClientCAPath returns where an imported taskd CA goes in pkiDir.
func ClientCAPath(pkiDir string) string {
	return filepath.Join(pkiDir, ClientCAsDir, TaskdCAFile)
}
