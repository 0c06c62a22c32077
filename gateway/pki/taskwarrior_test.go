package pki

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/realclients"
	"github.com/taskgate/taskgate/taskd"
)

// TestTaskwarriorTrustsIssuedCertificates syncs the real Taskwarrior 2.6 client (GnuTLS) with a
// device certificate from IssueDevice against a server certificate from ServerCert, under
// taskd.trust=strict (hostname checked against the subject alternative names) and
// `ignore hostname`, with taskgate's own CA and with an imported Taskserver CA.
func TestTaskwarriorTrustsIssuedCertificates(t *testing.T) {
	t.Parallel()
	bin := taskwarrior2(t)
	both := []string{"127.0.0.1", "localhost"}

	tests := []struct {
		name        string
		serverHosts []string
		host        string // host part of taskd.server
		trust       string
		sec1Key     bool // hand the client its key as SEC 1 "EC PRIVATE KEY" instead of PKCS#8
		imported    bool // issue from the captured Taskserver CA instead of taskgate's own
		alsoTrusted bool // trust the captured Taskserver CA besides taskgate's own (a migration)
		wantSync    bool
	}{
		{name: "StrictIP", serverHosts: both, host: "127.0.0.1", trust: "strict", wantSync: true},
		{name: "StrictName", serverHosts: both, host: "localhost", trust: "strict", wantSync: true},
		{name: "IgnoreHostname", serverHosts: both, host: "127.0.0.1", trust: "ignore hostname", wantSync: true},
		{name: "DefaultHosts", serverHosts: nil, host: "localhost", trust: "strict", wantSync: true},
		{name: "SEC1Key", serverHosts: both, host: "127.0.0.1", trust: "strict", sec1Key: true, wantSync: true},
		{name: "MigrationTLS12", serverHosts: both, host: "localhost", trust: "strict", alsoTrusted: true, wantSync: true},
		{name: "ImportedCA", serverHosts: both, host: "127.0.0.1", trust: "strict", imported: true, wantSync: true},
		// Strict trust really checks the name: an address missing from the SANs is refused.
		{name: "StrictIPNotInCert", serverHosts: []string{"localhost"}, host: "127.0.0.1", trust: "strict"},
		{name: "IgnoreHostnameIPNotInCert", serverHosts: []string{"localhost"}, host: "127.0.0.1", trust: "ignore hostname", wantSync: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := time.Now()
			dir := t.TempDir()
			pkiDir := filepath.Join(dir, "pki")
			ca, _, err := EnsureCA(pkiDir, now)
			require.NoError(t, err)
			trusted := []*x509.Certificate{ca.Certificate()}
			imported, err := LoadCA(captured("ca.cert.pem"), captured("ca.key.pem"))
			require.NoError(t, err)
			switch {
			case tt.imported:
				ca = imported
				trusted = []*x509.Certificate{ca.Certificate()}
			case tt.alsoTrusted:
				trusted = append(trusted, imported.Certificate())
			}
			serverCert, err := ca.ServerCert(pkiDir, tt.serverHosts, now)
			require.NoError(t, err)
			const device = "test laptop"
			certPEM, keyPEM, err := ca.IssueDevice(device, now)
			require.NoError(t, err)
			if tt.sec1Key {
				keyPEM = toSEC1(t, keyPEM)
			}

			tls12 := NeedsTLS12(trusted)
			require.Equal(t, tt.imported || tt.alsoTrusted, tls12)
			cfg, err := taskd.ServerTLSConfig(serverCert, ClientCAPool(trusted...), taskd.TLSOptions{RSAClientCerts: tls12})
			require.NoError(t, err)
			srv := startFakeTaskd(t, cfg)

			key := newUUID(t)
			client := writeClient(t, bin, dir, clientFiles{ca: ca.CertPEM(), cert: certPEM, key: keyPEM}, []string{
				"taskd.server=" + net.JoinHostPort(tt.host, srv.port()),
				"taskd.credentials=Org/user/" + key,
				"taskd.trust=" + tt.trust,
			})
			out, err := client.run("sync")
			if !tt.wantSync {
				require.Error(t, err, "task sync output:\n%s", out)
				require.Contains(t, out, "The name in the certificate does not match")
				require.Empty(t, srv.requests(), "no request may get through; task sync output:\n%s", out)
				return
			}
			require.NoError(t, err, "task sync output:\n%s\nserver errors: %v", out, srv.errors())
			require.Contains(t, out, "Sync successful")

			reqs := srv.requests()
			require.Len(t, reqs, 1)
			got := reqs[0]
			require.Equal(t, "sync", got.msg.Headers["type"])
			require.Equal(t, "Org", got.msg.Headers["org"])
			require.Equal(t, "user", got.msg.Headers["user"])
			require.Equal(t, key, got.msg.Headers["key"])
			require.Equal(t, device, got.peerCN)
			wantVersion := uint16(tls.VersionTLS13) // an ECDSA device certificate works under TLS 1.3
			if tls12 {
				wantVersion = tls.VersionTLS12
			}
			require.Equal(t, wantVersion, got.version)

			backlog, err := os.ReadFile(filepath.Join(client.data, "backlog.data"))
			require.NoError(t, err)
			require.Equal(t, fakeSyncKey+"\n", string(backlog))
		})
	}
}

// taskwarrior2 returns the path of the real Taskwarrior 2.x binary (skips or fails without it).
func taskwarrior2(t *testing.T) string {
	t.Helper()
	return realclients.Taskwarrior2(t, "the test of issued certificates against the real client")
}

// fakeSyncKey is the sync key the fake server hands out.
const fakeSyncKey = "5a1e0c3b-7d2f-4e8a-9b6c-1f0e2d3c4b5a"

// seenRequest is one request the fake server received.
type seenRequest struct {
	msg     taskd.Message
	peerCN  string
	version uint16
}

// fakeTaskd answers every framed request with a taskd 200 response carrying fakeSyncKey.
type fakeTaskd struct {
	ln   net.Listener
	mu   sync.Mutex
	reqs []seenRequest
	errs []error
}

// startFakeTaskd listens on 127.0.0.1 with cfg until the test ends.
func startFakeTaskd(t *testing.T, cfg *tls.Config) *fakeTaskd {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	require.NoError(t, err)
	s := &fakeTaskd{ln: ln}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { s.serve(c.(*tls.Conn)) })
		}
	})
	t.Cleanup(func() {
		_ = ln.Close()
		wg.Wait()
	})
	return s
}

// serve handles one connection: one request, one response, close.
func (s *fakeTaskd) serve(c *tls.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	err := c.Handshake()
	if err != nil {
		s.fail(fmt.Errorf("handshake: %w", err))
		return
	}
	body, err := taskd.ReadFrame(c, 1<<20)
	if err != nil {
		s.fail(err)
		return
	}
	msg, err := taskd.ParseMessage(body)
	if err != nil {
		s.fail(err)
		return
	}
	cs := c.ConnectionState()
	s.mu.Lock()
	s.reqs = append(s.reqs, seenRequest{msg: msg, peerCN: cs.PeerCertificates[0].Subject.CommonName, version: cs.Version})
	s.mu.Unlock()
	resp := taskd.Message{Headers: map[string]string{"code": "200", "status": "Ok"}, Payload: fakeSyncKey + "\n"}
	if err := taskd.WriteFrame(c, resp.Encode()); err != nil {
		s.fail(err)
	}
}

func (s *fakeTaskd) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, err)
}

// port is the listening port.
func (s *fakeTaskd) port() string {
	_, port, _ := net.SplitHostPort(s.ln.Addr().String())
	return port
}

// requests returns the requests received so far.
func (s *fakeTaskd) requests() []seenRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seenRequest(nil), s.reqs...)
}

// errors returns the connection errors so far.
func (s *fakeTaskd) errors() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return errors.Join(s.errs...)
}

// clientFiles is the certificate material of one device, as PEM.
type clientFiles struct {
	ca, cert, key []byte
}

// taskClient runs the real client with its own HOME, taskrc and data directory.
type taskClient struct {
	bin, home, rc, data string
}

// writeClient writes the device's files and a taskrc with extra settings into dir.
func writeClient(t *testing.T, bin, dir string, f clientFiles, extra []string) *taskClient {
	t.Helper()
	c := &taskClient{bin: bin, home: dir, rc: filepath.Join(dir, ".taskrc"), data: filepath.Join(dir, ".task")}
	require.NoError(t, os.MkdirAll(c.data, 0o700))
	files := map[string][]byte{"ca.cert.pem": f.ca, "device.cert.pem": f.cert, "device.key.pem": f.key}
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o600))
	}
	lines := append([]string{
		"data.location=" + c.data,
		"confirmation=off",
		"taskd.ca=" + filepath.Join(dir, "ca.cert.pem"),
		"taskd.certificate=" + filepath.Join(dir, "device.cert.pem"),
		"taskd.key=" + filepath.Join(dir, "device.key.pem"),
	}, extra...)
	require.NoError(t, os.WriteFile(c.rc, []byte(strings.Join(lines, "\n")+"\n"), 0o600))
	return c
}

// run runs task with rc.confirmation=off and returns its combined output.
func (c *taskClient) run(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, append([]string{"rc.confirmation=off"}, args...)...)
	cmd.Env = []string{"HOME=" + c.home, "TASKRC=" + c.rc, "TASKDATA=" + c.data, "PATH=/usr/bin:/bin", "TZ=UTC"}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// toSEC1 re-encodes a PKCS#8 ECDSA key as a SEC 1 "EC PRIVATE KEY" block.
func toSEC1(t *testing.T, keyPEM []byte) []byte {
	t.Helper()
	key, err := parsePrivateKey(keyPEM)
	require.NoError(t, err)
	ec, ok := key.(*ecdsa.PrivateKey)
	require.True(t, ok, "key is %T", key)
	der, err := x509.MarshalECPrivateKey(ec)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: pemSEC1Key, Bytes: der})
}

// newUUID returns a random version 4 UUID.
func newUUID(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	_, err := rand.Read(b)
	require.NoError(t, err)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
