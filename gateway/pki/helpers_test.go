package pki

import (
	"crypto/x509"
	"encoding/pem"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// capturedPKI is the PKI of a real Taskserver 1.1.0 installation (RSA, made by its scripts with
// certtool: PEM files with a text preamble, PKCS#1 keys).
const capturedPKI = "../../testdata/captured/taskd-1.1.0/var-lib-taskd/pki"

// captured returns the path of a file of the captured PKI.
func captured(name string) string { return filepath.Join(capturedPKI, name) }

// testNow is the fixed clock of the tests that do not talk to a real client.
var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// newTestCA creates taskgate's CA in a fresh directory and returns it with the directory.
func newTestCA(t *testing.T) (*CA, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pki")
	ca, created, err := EnsureCA(dir, testNow)
	require.NoError(t, err)
	require.True(t, created)
	return ca, dir
}

// parseCertPEM parses the single certificate of a PEM block.
func parseCertPEM(t *testing.T, data []byte) *x509.Certificate {
	t.Helper()
	block, rest := pem.Decode(data)
	require.NotNil(t, block)
	require.Equal(t, "CERTIFICATE", block.Type)
	require.Empty(t, rest)
	cert, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	return cert
}
