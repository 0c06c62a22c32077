package accounts_test

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/store"
)

// taskrc2Keys are the settings of a Taskwarrior 2.x device with a certificate.
var taskrc2Keys = []string{accounts.TaskrcTaskdServer, accounts.TaskrcTaskdCredentials,
	accounts.TaskrcTaskdCA, accounts.TaskrcTaskdCertificate, accounts.TaskrcTaskdKey}

// taskdAdd creates a plaintext account with the taskd login org/user and its first device
// (named after the account) in dir.
func (b *testBundle) taskdAdd(t *testing.T, name, org, user, dir string) accounts.Created {
	t.Helper()
	d, err := b.m.AddWith(b.ctx, taskdParams(name, org, user, accounts.DeviceParams{Dir: dir}))
	require.NoError(t, err)
	return d
}

// taskdParams describes a plaintext account with a taskd login and its first device.
func taskdParams(name, org, user string, dev accounts.DeviceParams) accounts.AddParams {
	return accounts.AddParams{Name: name, Mode: store.ModePlaintext,
		Taskd: &accounts.TaskdParams{Login: accounts.TaskdLogin{Org: org, User: user}, Device: dev}}
}

// requireCredential parses taskd.credentials of rc and checks that the store knows the key, for
// the account called name, with the same org and user.
func requireCredential(t *testing.T, b *testBundle, rc map[string]string, name string) store.TaskdCredential {
	t.Helper()
	parts := strings.Split(rc[accounts.TaskrcTaskdCredentials], "/")
	require.Len(t, parts, 3, "taskd.credentials=%s", rc[accounts.TaskrcTaskdCredentials])
	key, err := uuid.Parse(parts[2])
	require.NoError(t, err)
	c, a, err := b.st.TaskdCredentialGet(b.ctx, key)
	require.NoError(t, err)
	require.Equal(t, name, a.Name)
	require.Equal(t, a.ID, c.AccountID)
	require.Equal(t, []string{parts[0], parts[1]}, []string{c.Org, c.User})
	return c
}

// requireDevice checks the files rc names: ca.cert.pem, DEVICE.cert.pem and DEVICE.key.pem side
// by side at absolute paths; the CA certificate is the one in the PKI directory; the key is
// private and belongs to the certificate, which verifies against the CA for client
// authentication and names the device. It returns the device certificate.
func requireDevice(t *testing.T, b *testBundle, rc map[string]string, device string) *x509.Certificate {
	t.Helper()
	caFile, certFile, keyFile := rc[accounts.TaskrcTaskdCA], rc[accounts.TaskrcTaskdCertificate], rc[accounts.TaskrcTaskdKey]
	require.True(t, filepath.IsAbs(caFile), caFile)
	dir := filepath.Dir(caFile)
	require.Equal(t, filepath.Join(dir, pki.CACertFile), caFile)
	require.Equal(t, filepath.Join(dir, device+".cert.pem"), certFile)
	require.Equal(t, filepath.Join(dir, device+".key.pem"), keyFile)
	info, err := os.Stat(keyFile)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "mode of %s", keyFile)

	ca, created, err := b.pki.CA(b.ctx, time.Now())
	require.NoError(t, err)
	require.False(t, created, "the Manager created the CA in the store")
	caPEM := readFile(t, caFile)
	require.Equal(t, ca.CertPEM(), caPEM)
	_, err = tls.LoadX509KeyPair(certFile, keyFile)
	require.NoError(t, err, "the key belongs to the certificate")

	cert := parseCert(t, readFile(t, certFile))
	require.Equal(t, device, cert.Subject.CommonName)
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(caPEM))
	_, err = cert.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	require.NoError(t, err, "the device certificate verifies against %s for client authentication", caFile)
	return cert
}

// requireFiles checks that dir holds exactly the named files (none when it does not exist).
func requireFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	require.ElementsMatch(t, names, listDir(t, dir), "files in %s", dir)
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func parseCert(t *testing.T, certPEM []byte) *x509.Certificate {
	t.Helper()
	block, rest := pem.Decode(certPEM)
	require.NotNil(t, block)
	require.Empty(t, bytes.TrimSpace(rest))
	cert, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	return cert
}
