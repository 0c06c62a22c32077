package pki

import (
	"crypto/ecdsa"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestServerCertVerifiesForEachHost(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		hosts  []string
		wantCN string
	}{
		{name: "Default", hosts: nil, wantCN: "localhost"},
		{name: "Mixed", hosts: []string{"Tasks.Example.org", "192.0.2.7", "[2001:db8::1]", "tasks"}, wantCN: "tasks.example.org"},
		{name: "IPFirst", hosts: []string{"127.0.0.1", "localhost"}, wantCN: "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ca, dir := newTestCA(t)
			pair, err := ca.ServerCert(dir, tt.hosts, testNow)
			require.NoError(t, err)
			require.Len(t, pair.Certificate, 1)
			_, ok := pair.PrivateKey.(*ecdsa.PrivateKey)
			require.True(t, ok, "server key is %T", pair.PrivateKey)

			leaf := pair.Leaf
			require.Equal(t, tt.wantCN, leaf.Subject.CommonName)
			require.Equal(t, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, leaf.ExtKeyUsage)
			require.False(t, leaf.IsCA)
			require.Equal(t, testNow.Add(ServerValidity), leaf.NotAfter)

			hosts := tt.hosts
			if hosts == nil {
				hosts = DefaultHosts()
			}
			roots := ClientCAPool(ca.Certificate())
			for _, h := range hosts {
				name := h
				if ip := net.ParseIP(h[1 : len(h)-1]); h[0] == '[' && ip != nil {
					name = ip.String()
				}
				_, err := leaf.Verify(x509.VerifyOptions{
					DNSName:     name,
					Roots:       roots,
					CurrentTime: testNow,
					KeyUsages:   []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
				})
				require.NoError(t, err, "host %s", h)
			}
			_, err = leaf.Verify(x509.VerifyOptions{DNSName: "other.example", Roots: roots, CurrentTime: testNow})
			require.Error(t, err)
		})
	}
}

func TestServerCertReuseOrReissue(t *testing.T) {
	t.Parallel()
	hosts := []string{"localhost", "127.0.0.1"}
	tests := []struct {
		name string
		// prepare writes the existing files into dir; ca is the CA asked afterwards.
		prepare   func(t *testing.T, ca *CA, dir string)
		hosts     []string
		now       time.Time
		wantReuse bool
	}{
		{name: "Unchanged", hosts: hosts, now: testNow, wantReuse: true},
		{name: "Reordered", hosts: []string{"127.0.0.1", "LOCALHOST"}, now: testNow, wantReuse: true},
		{name: "StillValidFor31Days", hosts: hosts, now: testNow.Add(ServerValidity - 31*24*time.Hour), wantReuse: true},
		{name: "HostAdded", hosts: append([]string{"tasks.example.org"}, hosts...), now: testNow},
		{name: "HostRemoved", hosts: hosts[:1], now: testNow},
		{name: "HostChanged", hosts: []string{"localhost", "127.0.0.2"}, now: testNow},
		{name: "ExpiresIn29Days", hosts: hosts, now: testNow.Add(ServerValidity - 29*24*time.Hour)},
		{name: "Expired", hosts: hosts, now: testNow.Add(ServerValidity + time.Hour)},
		{name: "NotYetValid", hosts: hosts, now: testNow, prepare: func(t *testing.T, ca *CA, dir string) {
			_, err := ca.ServerCert(dir, []string{"localhost", "127.0.0.1"}, testNow.Add(48*time.Hour))
			require.NoError(t, err)
		}},
		{name: "OtherCA", hosts: hosts, now: testNow, prepare: func(t *testing.T, _ *CA, dir string) {
			other, _ := newTestCA(t)
			_, err := other.ServerCert(dir, []string{"localhost", "127.0.0.1"}, testNow)
			require.NoError(t, err)
		}},
		{name: "MismatchedKey", hosts: hosts, now: testNow, prepare: func(t *testing.T, ca *CA, dir string) {
			_, err := ca.ServerCert(dir, []string{"localhost", "127.0.0.1"}, testNow)
			require.NoError(t, err)
			_, keyPEM, err := ca.IssueDevice("x", testNow)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, ServerKeyFile), keyPEM, 0o600))
		}},
		{name: "DeviceCertInstead", hosts: hosts, now: testNow, prepare: func(t *testing.T, ca *CA, dir string) {
			certPEM, keyPEM, err := ca.IssueDevice("localhost", testNow)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, ServerCertFile), certPEM, 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, ServerKeyFile), keyPEM, 0o600))
		}},
		{name: "Corrupt", hosts: hosts, now: testNow, prepare: func(t *testing.T, _ *CA, dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, ServerCertFile), []byte("garbage"), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, ServerKeyFile), []byte("garbage"), 0o600))
		}},
		{name: "Missing", hosts: hosts, now: testNow, prepare: func(*testing.T, *CA, string) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ca, dir := newTestCA(t)
			prepare := tt.prepare
			if prepare == nil {
				prepare = func(t *testing.T, ca *CA, dir string) {
					_, err := ca.ServerCert(dir, hosts, testNow)
					require.NoError(t, err)
				}
			}
			prepare(t, ca, dir)
			before, _ := os.ReadFile(filepath.Join(dir, ServerCertFile))

			pair, err := ca.ServerCert(dir, tt.hosts, tt.now)
			require.NoError(t, err)
			after, err := os.ReadFile(filepath.Join(dir, ServerCertFile))
			require.NoError(t, err)
			if tt.wantReuse {
				require.Equal(t, string(before), string(after))
				require.Equal(t, parseCertPEM(t, before).Raw, pair.Leaf.Raw)
				return
			}
			require.NotEqual(t, string(before), string(after))
			require.Equal(t, parseCertPEM(t, after).Raw, pair.Leaf.Raw)
			require.Equal(t, tt.now.Add(ServerValidity), pair.Leaf.NotAfter)

			// What was written is reused on the next start.
			reloaded, err := LoadKeyPair(filepath.Join(dir, ServerCertFile), filepath.Join(dir, ServerKeyFile))
			require.NoError(t, err)
			require.Equal(t, pair.Leaf.Raw, reloaded.Leaf.Raw)
			again, err := ca.ServerCert(dir, tt.hosts, tt.now)
			require.NoError(t, err)
			require.Equal(t, pair.Leaf.Raw, again.Leaf.Raw)
		})
	}
}

func TestServerCertCappedAtCAExpiry(t *testing.T) {
	t.Parallel()
	ca, dir := newTestCA(t)
	now := ca.Certificate().NotAfter.Add(-365 * 24 * time.Hour)
	pair, err := ca.ServerCert(dir, nil, now)
	require.NoError(t, err)
	require.Equal(t, ca.Certificate().NotAfter, pair.Leaf.NotAfter)

	_, err = ca.ServerCert(t.TempDir(), nil, ca.Certificate().NotAfter)
	require.ErrorContains(t, err, "expired")
}

func TestServerCertRejectsBadHosts(t *testing.T) {
	t.Parallel()
	tests := []string{"", " ", "localhost:53589", "https://example.org", "exa mple.org", "-bad.example", "fe80::1%eth0", "a..b"}
	for _, host := range tests {
		t.Run(host, func(t *testing.T) {
			t.Parallel()
			ca, dir := newTestCA(t)
			_, err := ca.ServerCert(dir, []string{"localhost", host}, testNow)
			require.ErrorContains(t, err, "neither an IP address nor a host name")
			_, err = os.Stat(filepath.Join(dir, ServerCertFile))
			require.ErrorIs(t, err, os.ErrNotExist)
		})
	}
}
