package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// taskdSetup starts a fake taskd with n accounts and returns a driver of kind for workers.
func taskdSetup(t *testing.T, n, workers int, kind string) (*fakeTaskd, *taskdDriver, []credential) {
	t.Helper()
	p := newTestPKI(t)
	var keys []string
	var creds []credential
	for i := range n {
		k := uuid.NewString()
		keys = append(keys, k)
		creds = append(creds, credential{org: "Org", user: "u" + string(rune('1'+i)), key: k})
	}
	fake, addr := startFakeTaskd(t, p, keys)
	return fake, taskdDriverFor(t, p, addr, creds, workers, kind), creds
}

func taskdDriverFor(t *testing.T, p *testPKI, addr string, creds []credential, workers int, kind string) *taskdDriver {
	t.Helper()
	cfg, err := clientTLS(p.files, "127.0.0.1")
	require.NoError(t, err)
	return newTaskdDriver(addr, cfg, creds, workers, kind, 5*time.Second)
}

func TestTaskdUploadCountsAddUp(t *testing.T) {
	fake, d, _ := taskdSetup(t, 4, 4, syncUpload)
	res, err := run(context.Background(), plan{workers: 4, duration: 500 * time.Millisecond}, d)
	require.NoError(t, err)
	rec := res.rec
	require.Positive(t, rec.units)
	require.Zero(t, rec.failed)
	require.Equal(t, map[string]uint64{"200": rec.units}, rec.op(opExchange).outcomes)
	require.Equal(t, rec.units, rec.requests)
	require.Equal(t, rec.units, rec.op(opHandshake).latency.n)
	require.Equal(t, rec.units, rec.op(unitSync).latency.n)
	syncs, tasks := fake.syncs()
	require.Equal(t, int(rec.units), syncs, "every sync stored one task under a new key")
	require.Equal(t, syncs, tasks)
	require.Equal(t, int(rec.units)+4, fake.requests, "plus one key-fetching sync per account")
}

func TestTaskdNoopAfterUploads(t *testing.T) {
	fake, d, creds := taskdSetup(t, 3, 3, syncUpload)
	_, err := run(context.Background(), plan{workers: 3, duration: time.Minute, maxUnits: 9}, d)
	require.NoError(t, err)
	noop := &taskdDriver{}
	*noop = *d
	noop.kind, noop.accounts = syncNoop, creds[:2]
	res, err := run(context.Background(), plan{workers: 2, duration: time.Minute, maxUnits: 20}, noop)
	require.NoError(t, err)
	require.Equal(t, uint64(20), res.rec.units)
	require.Zero(t, res.rec.failed)
	require.Equal(t, map[string]uint64{"201": 20}, res.rec.op(opExchange).outcomes)
	syncs, _ := fake.syncs()
	require.Equal(t, 9, syncs, "no-op syncs store nothing")
}

func TestTaskdCountsRefusals(t *testing.T) {
	_, d, _ := taskdSetup(t, 2, 2, syncNoop)
	d.accounts = []credential{{org: "Org", user: "x", key: uuid.NewString()}, {org: "Org", user: "y", key: uuid.NewString()}}
	_, err := d.newWorker(0)
	require.ErrorContains(t, err, "code 430")
}

func TestTaskdCountsUnexpectedCodes(t *testing.T) {
	fake, d, _ := taskdSetup(t, 1, 1, syncUpload)
	_, err := run(context.Background(), plan{workers: 1, duration: time.Minute, maxUnits: 2}, d)
	require.NoError(t, err)
	w, err := d.newWorker(0)
	require.NoError(t, err)
	d.kind = syncNoop // the worker's key is current: a noop answer is fine…
	rec := newRecorder()
	require.NoError(t, w(context.Background(), rec))
	fake.mu.Lock()
	for k := range fake.keys { // …until the server's latest key moves on behind its back
		fake.keys[k] = append(fake.keys[k], uuid.NewString())
	}
	fake.mu.Unlock()
	require.ErrorContains(t, w(context.Background(), rec), "code 500")
	require.Equal(t, map[string]uint64{"201": 1, "500": 1}, rec.op(opExchange).outcomes)
}

func TestVerifyServerName(t *testing.T) {
	p := newTestPKI(t)
	roots := x509.NewCertPool()
	roots.AddCert(p.ca)
	noSAN := p.issue(t, "localhost", nil, x509.ExtKeyUsageServerAuth).Leaf
	withSAN := p.server.Leaf // CN localhost, SAN 127.0.0.1
	require.NoError(t, verifyServer([]*x509.Certificate{noSAN}, roots, "localhost"), "common name, as GnuTLS accepts it")
	require.Error(t, verifyServer([]*x509.Certificate{noSAN}, roots, "127.0.0.1"))
	require.NoError(t, verifyServer([]*x509.Certificate{withSAN}, roots, "127.0.0.1"))
	require.Error(t, verifyServer([]*x509.Certificate{withSAN}, roots, "localhost"), "with a SAN the common name is ignored")
	client := p.issue(t, "localhost", nil, x509.ExtKeyUsageClientAuth).Leaf
	require.Error(t, verifyServer([]*x509.Certificate{client}, roots, "localhost"), "not a server certificate")
	require.Error(t, verifyServer([]*x509.Certificate{noSAN}, x509.NewCertPool(), "localhost"), "unknown CA")
}

func TestLoadCredentials(t *testing.T) {
	file := filepath.Join(t.TempDir(), "creds")
	require.NoError(t, os.WriteFile(file, []byte("# accounts\nOrg/u1/k1\n\n  Org//k2  \n"), 0o600))
	got, err := loadCredentials("", file)
	require.NoError(t, err)
	require.Equal(t, []credential{{"Org", "u1", "k1"}, {"Org", "", "k2"}}, got)
	got, err = loadCredentials("A/b/c,D/e/f", "")
	require.NoError(t, err)
	require.Equal(t, []credential{{"A", "b", "c"}, {"D", "e", "f"}}, got)
	for _, bad := range []string{"A/b", "/b/c", "A/b/", "A/b/c/d", "A/b/c,"} {
		_, err := loadCredentials(bad, "")
		require.ErrorContains(t, err, "ORG/USER/KEY", bad)
	}
	_, err = loadCredentials("A/b/c", file)
	require.ErrorContains(t, err, "not both")
	_, err = loadCredentials("", "")
	require.ErrorContains(t, err, "required")
}

func TestCLITaskdJSON(t *testing.T) {
	p := newTestPKI(t)
	keys := []string{uuid.NewString(), uuid.NewString()}
	fake, addr := startFakeTaskd(t, p, keys)
	creds := "Org/a/" + keys[0] + ",Org/b/" + keys[1]
	var out, errb bytes.Buffer
	code := cli(context.Background(), []string{"taskd", "--addr", addr, "--ca", p.files.ca, "--cert", p.files.cert, "--key", p.files.key,
		"--credentials", creds, "--workers", "2", "--duration", "300ms", "--json"}, &out, &errb)
	require.Equal(t, exitOK, code, errb.String())
	var rep report
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	require.Equal(t, "taskd", rep.Mode)
	require.Equal(t, "taskd://"+addr, rep.URL)
	require.Equal(t, unitSync, rep.Unit)
	require.Positive(t, rep.Units)
	require.Empty(t, rep.Outcomes)
	require.Equal(t, []outcomeCount{{opExchange, "200", rep.Units}}, rep.Responses)
	syncs, _ := fake.syncs()
	require.GreaterOrEqual(t, uint64(syncs), rep.Units)
}

func TestCLITaskdUsage(t *testing.T) {
	p := newTestPKI(t)
	tlsArgs := []string{"--ca", p.files.ca, "--cert", p.files.cert, "--key", p.files.key}
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"--addr", "192.0.2.1:53589", "--credentials", "A/b/c"}, "not a loopback address"},
		{[]string{"--addr", "127.0.0.1", "--credentials", "A/b/c"}, "--addr"},
		{[]string{"--credentials", "A/b/c", "--workers", "2"}, "1 credentials for 2 workers"},
		{[]string{"--credentials", "A/b/c", "--workers", "1", "--mode", "both"}, "--mode must be upload or noop"},
		{[]string{"--workers", "1"}, "--credentials or --credentials-file is required"},
		{[]string{"--credentials", "A/b/c", "--workers", "1", "--clients", "3"}, "flag provided but not defined: -clients"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		args := append(append([]string{"taskd"}, tlsArgs...), tt.args...)
		code := cli(context.Background(), args, &out, &errb)
		require.Equal(t, exitBadUsage, code, "%v: %s", tt.args, errb.String())
		require.Contains(t, errb.String(), tt.msg, "%v", tt.args)
	}
	var out, errb bytes.Buffer
	code := cli(context.Background(), []string{"taskd", "--credentials", "A/b/c", "--workers", "1", "--ca", "/nonexistent"}, &out, &errb)
	require.Equal(t, exitBadUsage, code)
	require.True(t, strings.Contains(errb.String(), "--ca"), errb.String())
}
