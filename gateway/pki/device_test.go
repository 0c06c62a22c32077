package pki

import (
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestIssueDeviceVerifiesForClientAuth(t *testing.T) {
	t.Parallel()
	ca, _ := newTestCA(t)
	imported, err := LoadCA(captured("ca.cert.pem"), captured("ca.key.pem"))
	require.NoError(t, err)

	tests := []struct {
		name   string
		ca     *CA
		device string
	}{
		{name: "OwnCA", ca: ca, device: "laptop"},
		{name: "OwnCAUnicode", ca: ca, device: "Göteborg phone"},
		{name: "ImportedRSACA", ca: imported, device: "desktop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			certPEM, keyPEM, err := tt.ca.IssueDevice(tt.device, testNow)
			require.NoError(t, err)

			block, _ := pem.Decode(keyPEM)
			require.Equal(t, "PRIVATE KEY", block.Type)
			pair, err := tls.X509KeyPair(certPEM, keyPEM)
			require.NoError(t, err)
			_, ok := pair.PrivateKey.(*ecdsa.PrivateKey)
			require.True(t, ok, "device key is %T", pair.PrivateKey)

			cert := parseCertPEM(t, certPEM)
			require.Equal(t, tt.device, cert.Subject.CommonName)
			require.Equal(t, []string{Organization}, cert.Subject.Organization)
			require.Equal(t, []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, cert.ExtKeyUsage)
			require.Equal(t, tt.ca.Certificate().RawSubject, cert.RawIssuer,
				"GnuTLS sends the certificate only if its issuer DN is byte-identical to a listed CA")
			require.Empty(t, cert.DNSNames)
			require.Empty(t, cert.IPAddresses)
			wantNotAfter := testNow.Add(DeviceValidity)
			if caEnd := tt.ca.Certificate().NotAfter; wantNotAfter.After(caEnd) {
				wantNotAfter = caEnd
			}
			require.Equal(t, wantNotAfter, cert.NotAfter)

			_, err = cert.Verify(x509.VerifyOptions{
				Roots:       ClientCAPool(tt.ca.Certificate()),
				CurrentTime: testNow,
				KeyUsages:   []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
			})
			require.NoError(t, err)
			_, err = cert.Verify(x509.VerifyOptions{
				Roots:       ClientCAPool(tt.ca.Certificate()),
				CurrentTime: testNow,
				KeyUsages:   []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			})
			require.Error(t, err, "a device certificate must not serve as a server certificate")
		})
	}
}

func TestIssueDeviceUniqueSerials(t *testing.T) {
	t.Parallel()
	ca, _ := newTestCA(t)
	seen := map[string]bool{}
	for range 20 {
		certPEM, _, err := ca.IssueDevice("phone", testNow)
		require.NoError(t, err)
		serial := parseCertPEM(t, certPEM).SerialNumber.String()
		require.False(t, seen[serial], "serial %s repeated", serial)
		seen[serial] = true
	}
}

func TestIssueDeviceRejectsBadNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, device string
	}{
		{name: "Empty", device: ""},
		{name: "TooLong", device: strings.Repeat("x", 65)},
		{name: "Newline", device: "a\nb"},
		{name: "C1Control", device: "a\u0085b"},
		{name: "InvalidUTF8", device: "a\xffb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ca, _ := newTestCA(t)
			_, _, err := ca.IssueDevice(tt.device, testNow)
			require.Error(t, err)
		})
	}
	ca, _ := newTestCA(t)
	_, _, err := ca.IssueDevice(strings.Repeat("é", 64), testNow)
	require.NoError(t, err, "64 characters are allowed whatever their byte length")
}
