package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/taskgate/taskgate/taskd"
)

// testPKI is a throwaway CA with a server and a client certificate, written as PEM files.
type testPKI struct {
	files  taskdTLSFiles
	server tls.Certificate
	ca     *x509.Certificate
	caKey  *ecdsa.PrivateKey
}

func newTestPKI(t *testing.T) *testPKI {
	t.Helper()
	dir := t.TempDir()
	caKey := newKey(t)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"}, IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	ca, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	p := &testPKI{ca: ca, caKey: caKey, files: taskdTLSFiles{ca: filepath.Join(dir, "ca.pem"), cert: filepath.Join(dir, "c.pem"), key: filepath.Join(dir, "k.pem")}}
	writePEM(t, p.files.ca, "CERTIFICATE", der)
	p.server = p.issue(t, "localhost", []net.IP{net.IPv4(127, 0, 0, 1)}, x509.ExtKeyUsageServerAuth)
	client := p.issue(t, "load", nil, x509.ExtKeyUsageClientAuth)
	writePEM(t, p.files.cert, "CERTIFICATE", client.Certificate[0])
	keyDER, err := x509.MarshalPKCS8PrivateKey(client.PrivateKey)
	require.NoError(t, err)
	writePEM(t, p.files.key, "PRIVATE KEY", keyDER)
	return p
}

// issue signs a certificate for cn with the given IP SANs (none: no SAN at all).
func (p *testPKI) issue(t *testing.T, cn string, ips []net.IP, eku x509.ExtKeyUsage) tls.Certificate {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn}, IPAddresses: ips,
		ExtKeyUsage: []x509.ExtKeyUsage{eku}, KeyUsage: x509.KeyUsageDigitalSignature, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.ca, &key.PublicKey, p.caKey)
	require.NoError(t, err)
	leaf, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	return k
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600))
}

// fakeTaskd is an in-memory taskd: per account key, the sync keys handed out. A request with tasks
// gets 200 and a new key; one without gets 201 and the latest key; an unknown sync key gets 500.
type fakeTaskd struct {
	mu       sync.Mutex
	keys     map[string][]string // account key → sync keys, oldest first
	tasks    map[string]int      // account key → task lines stored
	requests int
}

// startFakeTaskd serves f over TLS with a required client certificate on a loopback port.
func startFakeTaskd(t *testing.T, p *testPKI, accounts []string) (*fakeTaskd, string) {
	t.Helper()
	f := &fakeTaskd{keys: map[string][]string{}, tasks: map[string]int{}}
	for _, a := range accounts {
		f.keys[a] = nil
	}
	pool := x509.NewCertPool()
	pool.AddCert(p.ca)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{p.server}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool})
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	return f, ln.Addr().String()
}

func (f *fakeTaskd) serve(c net.Conn) {
	defer func() { _ = c.Close() }()
	body, err := taskd.ReadFrame(c, 1<<20)
	if err != nil {
		return
	}
	msg, err := taskd.ParseMessage(body)
	if err != nil {
		return
	}
	_ = taskd.WriteFrame(c, f.sync(msg).Encode())
}

// sync answers one request.
func (f *fakeTaskd) sync(req taskd.Message) taskd.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	keys, ok := f.keys[req.Headers["key"]]
	if !ok || req.Headers["protocol"] != "v1" || req.Headers["type"] != "sync" {
		return answer("430", "Access denied", "")
	}
	var syncKey string
	var tasks int
	for _, l := range strings.Split(req.Payload, "\n") {
		switch {
		case strings.HasPrefix(l, "{"):
			tasks++
		case l != "":
			syncKey = l
		}
	}
	latest := ""
	if len(keys) > 0 {
		latest = keys[len(keys)-1]
	}
	if syncKey != "" && syncKey != latest {
		return answer("500", "Client sync key not found.", "")
	}
	if tasks == 0 {
		return answer("201", "No change", latest)
	}
	k := uuid.NewString()
	f.keys[req.Headers["key"]] = append(keys, k)
	f.tasks[req.Headers["key"]] += tasks
	return answer("200", "Ok", k)
}

func answer(code, status, payload string) taskd.Message {
	return taskd.Message{Headers: map[string]string{"client": "taskd 1.1.0", "code": code, "status": status}, Payload: payload + "\n"}
}

// syncs returns how many syncs stored tasks, over all accounts, and the tasks stored.
func (f *fakeTaskd) syncs() (syncs, tasks int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, keys := range f.keys {
		syncs += len(keys)
		tasks += f.tasks[k]
	}
	return syncs, tasks
}
