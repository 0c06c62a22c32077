package interop

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/taskgate/taskgate/internal/testaddr"
)

// TestWrongMasterKeyRefused: a process started on a store with another master key than the one
// its secrets are sealed with exits 1 with one message naming the problem, before serving.
func TestWrongMasterKeyRefused(t *testing.T) {
	t.Parallel()
	requireBinary(t)
	storeArgs := postgresArgs(t)
	startServer(t, storeArgs) // writes the key check with the suite's master key
	cmd := exec.Command(taskgateBin, append([]string{"serve", "--http-listen", testaddr.Loopback(t), "--taskd-listen", "off"}, storeArgs...)...)
	cmd.Env = append(os.Environ(), "TASKGATE_MASTER_KEY="+strings.Repeat("ab", 32))
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "taskgate serve with a wrong master key:\n%s", out)
	require.Equal(t, 1, exit.ExitCode())
	require.Contains(t, string(out), "the master key does not open this store's key check")
}

// TestDatabaseLateAndGone: PostgreSQL reached through a proxy that the test opens and closes.
// Started while the database cannot be reached, taskgate retries, logging each try, and serves
// once it can. While the database is gone, /healthz answers 200, /readyz 503 with the reason,
// and a sync a clear 503; when it is back, /readyz is 200 again and syncs work.
func TestDatabaseLateAndGone(t *testing.T) {
	t.Parallel()
	requireBinary(t)
	storeArgs := postgresArgs(t)
	proxy := newDBProxy(t, argValue(t, storeArgs, "--db"))
	args := append([]string{}, storeArgs...)
	args[slices.Index(args, "--db")+1] = proxy.url
	admin := testaddr.Loopback(t)

	s := &server{addr: testaddr.Loopback(t), logPath: t.TempDir() + "/taskgate.log", store: args, env: taskgateEnv(args)}
	s.url = "http://" + s.addr
	s.args = append([]string{"serve", "--http-listen", s.addr, "--taskd-listen", "off", "--admin-listen", admin,
		"--store-wait", "1m"}, args...)
	t.Cleanup(func() { s.printLogOnFailure(t) })
	go func() {
		time.Sleep(5 * time.Second)
		proxy.open(t)
	}()
	s.start(t)
	t.Cleanup(func() { s.stop(t) })
	log, err := os.ReadFile(s.logPath)
	require.NoError(t, err)
	require.Contains(t, string(log), "the store cannot be reached yet; trying again")

	client := uuid.NewString()
	require.Equal(t, http.StatusOK, syncStatus(t, s, client))
	require.Equal(t, http.StatusOK, s.readyz(t))

	proxy.close()
	require.Equal(t, http.StatusOK, s.adminGet(t, "/healthz"))
	require.Equal(t, http.StatusServiceUnavailable, s.readyz(t))
	require.Equal(t, http.StatusServiceUnavailable, syncStatus(t, s, client))

	proxy.open(t)
	require.Eventually(t, func() bool { return s.readyz(t) == http.StatusOK }, 30*time.Second, 200*time.Millisecond)
	require.Equal(t, http.StatusOK, syncStatus(t, s, client))
}

// syncStatus sends a TaskChampion add-version for a new client's first version.
func syncStatus(t *testing.T, s *server, clientID string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.url+"/v1/client/add-version/"+uuid.Nil.String(), strings.NewReader("x"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/vnd.taskchampion.history-segment")
	req.Header.Set("X-Client-Id", clientID)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusConflict {
		return http.StatusOK // the chain has a version already: the store answered
	}
	t.Logf("add-version: %d %s", resp.StatusCode, body)
	return resp.StatusCode
}

// dbProxy forwards TCP connections to PostgreSQL while it is open; closing it drops every
// connection, as a database that went away.
type dbProxy struct {
	url, addr, target string
	mu                sync.Mutex
	ln                net.Listener
	conns             []net.Conn
}

func newDBProxy(t *testing.T, dbURL string) *dbProxy {
	t.Helper()
	u, err := url.Parse(dbURL)
	require.NoError(t, err)
	p := &dbProxy{addr: testaddr.Loopback(t), target: u.Host}
	u.Host = p.addr
	p.url = u.String()
	t.Cleanup(p.close)
	return p
}

func (p *dbProxy) open(t *testing.T) {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Errorf("proxy listen: %v", err)
		return
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go p.accept(ln)
}

func (p *dbProxy) accept(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
		go func() { _, _ = io.Copy(c, up); _ = c.Close() }()
	}
}

func (p *dbProxy) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}
