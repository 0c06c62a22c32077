package taskdimport

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/taskgate/taskgate/gateway/pki"
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
		more, err := pki.LoadCertificates(f)
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
	certFile, keyFile := filepath.Join(pkiDir, ServerCertFile), filepath.Join(pkiDir, ServerKeyFile)
	haveCert, err := exists(certFile)
	if err != nil {
		return tls.Certificate{}, false, err
	}
	haveKey, err := exists(keyFile)
	if err != nil {
		return tls.Certificate{}, false, err
	}
	switch {
	case !haveCert && !haveKey:
		return tls.Certificate{}, false, nil
	case haveCert != haveKey:
		return tls.Certificate{}, false, fmt.Errorf("%s and %s go together, but one of them is missing", certFile, keyFile)
	}
	pair, err = pki.LoadKeyPair(certFile, keyFile)
	if err != nil {
		return tls.Certificate{}, false, err
	}
	return pair, true, nil
}
