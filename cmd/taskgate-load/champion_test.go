package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// startFake serves a fresh fake TaskChampion server for the test.
func startFake(t *testing.T) (*fakeChampion, string) {
	t.Helper()
	fake := newFakeChampion()
	srv := httptest.NewServer(fake.handler())
	t.Cleanup(srv.Close)
	return fake, srv.URL
}

func newTestDriver(t *testing.T, rawURL string, clients, workers int) *championDriver {
	t.Helper()
	target, err := parseTarget(rawURL, false)
	require.NoError(t, err)
	return newChampionDriver(target, 5*time.Second, madeUpClients(clients), workers, 512)
}

func TestChampionRunCountsAddUp(t *testing.T) {
	fake, url := startFake(t)
	d := newTestDriver(t, url, 10, 4)
	res, err := run(context.Background(), plan{workers: 4, duration: time.Second}, d)
	require.NoError(t, err)
	rec := res.rec
	require.Positive(t, rec.units)
	require.Zero(t, rec.failed)
	require.Zero(t, rec.conflicts)
	add, get, pair := rec.op(opAddVersion), rec.op(opGetChild), rec.op("pair")
	require.Equal(t, map[string]uint64{"200": rec.units}, add.outcomes)
	require.Equal(t, map[string]uint64{"200": rec.units}, get.outcomes)
	require.Equal(t, 2*rec.units, rec.requests)
	require.Equal(t, rec.units, add.latency.n)
	require.Equal(t, rec.units, pair.latency.n)
	require.Equal(t, int(rec.units), fake.versions(), "every pair stored exactly one version")
	require.GreaterOrEqual(t, res.elapsed, time.Second)
	require.Less(t, res.elapsed, time.Second+drainGrace)
	require.False(t, res.interrupted)
}

func TestChampionWarmupIsNotCounted(t *testing.T) {
	fake, url := startFake(t)
	d := newTestDriver(t, url, 4, 2)
	res, err := run(context.Background(), plan{workers: 2, warmup: 200 * time.Millisecond, duration: time.Minute, maxUnits: 20}, d)
	require.NoError(t, err)
	require.Equal(t, uint64(20), res.rec.units)
	require.Greater(t, fake.versions(), 20, "warm-up versions are stored but not counted")
	require.Less(t, res.elapsed, time.Minute)
}

func TestChampionRequestBound(t *testing.T) {
	fake, url := startFake(t)
	d := newTestDriver(t, url, 8, 4)
	start := time.Now()
	res, err := run(context.Background(), plan{workers: 4, duration: time.Minute, maxUnits: 137}, d)
	require.NoError(t, err)
	require.Less(t, time.Since(start), 30*time.Second)
	require.Equal(t, uint64(137), res.rec.units)
	require.Equal(t, 137, fake.versions())
}

func TestChampionRebasesOnConflict(t *testing.T) {
	fake, url := startFake(t)
	d := newTestDriver(t, url, 6, 3)
	for _, id := range d.clients { // another replica already synced: our nil head is stale
		_, _, ok := fake.add(id, uuid.Nil, []byte("x"))
		require.True(t, ok)
	}
	// Bounded by time, not by --requests: a worker scheduled late could otherwise find the budget
	// spent by the others before its second client ever synced.
	res, err := run(context.Background(), plan{workers: 3, duration: 300 * time.Millisecond}, d)
	require.NoError(t, err)
	rec := res.rec
	require.GreaterOrEqual(t, rec.units, uint64(6))
	require.Zero(t, rec.failed)
	require.Equal(t, uint64(6), rec.conflicts, "one 409 per client, then its head is known")
	require.Equal(t, uint64(6), rec.op(opAddVersion).outcomes["409"])
	require.Equal(t, 2*rec.units+rec.conflicts, rec.requests)
	require.Equal(t, 6+int(rec.units), fake.versions())
}

func TestChampionCountsServerErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "broken", http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	d := newTestDriver(t, srv.URL, 2, 2)
	res, err := run(context.Background(), plan{workers: 2, duration: 200 * time.Millisecond}, d)
	require.NoError(t, err)
	require.Zero(t, res.rec.units)
	require.Positive(t, res.rec.failed)
	require.Equal(t, res.rec.failed, res.rec.op(opAddVersion).outcomes["500"])
	require.Zero(t, res.rec.op(opGetChild).latency.n)
}

func TestChampionDetectsWrongBody(t *testing.T) {
	fake := newFakeChampion()
	inner := fake.handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			w = &corruptingWriter{ResponseWriter: w}
		}
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	d := newTestDriver(t, srv.URL, 1, 1)
	res, err := run(context.Background(), plan{workers: 1, duration: time.Minute, maxUnits: 3}, d)
	require.NoError(t, err)
	require.Zero(t, res.rec.units)
	require.Equal(t, uint64(3), res.rec.failed)
	require.Equal(t, uint64(3), res.rec.op(opGetChild).outcomes[outcomeMismatch])
}

// corruptingWriter flips the first byte of a response body.
type corruptingWriter struct {
	http.ResponseWriter
	done bool
}

func (c *corruptingWriter) Write(p []byte) (int, error) {
	if !c.done && len(p) > 0 {
		c.done = true
		p = append([]byte{p[0] ^ 0xff}, p[1:]...)
	}
	return c.ResponseWriter.Write(p)
}

func TestCLIChampionJSON(t *testing.T) {
	_, url := startFake(t)
	var out, errb bytes.Buffer
	code := cli(context.Background(), []string{"champion", "--url", url + "/prefix", "--clients", "4", "--workers", "2",
		"--duration", "300ms", "--size", "64", "--json", "--server-pid", strconv.Itoa(os.Getpid())}, &out, &errb)
	require.Equal(t, exitOK, code, errb.String())
	var rep report
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	require.Equal(t, "champion", rep.Mode)
	require.Positive(t, rep.Units)
	require.Equal(t, 2*rep.Units, rep.Requests)
	require.Empty(t, rep.Outcomes)
	require.NotNil(t, rep.Server)
	require.Positive(t, rep.Server.AfterRSSKiB)
	require.NotNil(t, rep.CPUFigures, "CPU over the measured window")
	require.NotNil(t, rep.ServerUSPerUnit)
	require.NotNil(t, rep.LoadCPU)
	require.Positive(t, rep.Cores)
	require.Nil(t, rep.DBCPU, "neither --also-pid nor --also-pgrep")
}

func TestCLIUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{nil, exitBadUsage, "Commands:"},
		{[]string{"--help"}, exitOK, ""},
		{[]string{"nope"}, exitBadUsage, "unknown command"},
		{[]string{"champion", "--url", "http://192.0.2.1"}, exitBadUsage, "not a loopback address"},
		{[]string{"champion", "--size", "0"}, exitBadUsage, "--size must be at least 1"},
		{[]string{"champion", "--clients", "3", "--workers", "4"}, exitBadUsage, "--clients (3) must be at least --workers (4)"},
		{[]string{"champion", "--url", "ftp://127.0.0.1"}, exitBadUsage, "scheme must be http"},
		{[]string{"champion", "extra"}, exitBadUsage, "unexpected arguments"},
		{[]string{"champion", "--help"}, exitOK, "-duration"},
		{[]string{"champion", "--url", "http://127.0.0.1:1", "--duration", "100ms", "--clients", "1", "--workers", "1"}, exitFailed, "some requests failed"},
		{[]string{"fake-champion", "--listen", "0.0.0.0:0"}, exitFailed, "not a loopback address"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := cli(context.Background(), tt.args, &out, &errb)
		require.Equal(t, tt.code, code, "%v: %s", tt.args, errb.String())
		require.Contains(t, errb.String()+out.String(), tt.msg, "%v", tt.args)
	}
}

func TestFakeServerSubcommand(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var out, errb bytes.Buffer
	require.Equal(t, exitOK, cli(ctx, []string{"fake-champion", "--listen", "127.0.0.1:0"}, &out, &errb), errb.String())
	require.Contains(t, out.String(), "fake TaskChampion server on http://127.0.0.1:")
}
