package adminapi_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/gateway/adminapi"
	"github.com/taskgate/taskgate/gateway/authaudit"
	"github.com/taskgate/taskgate/gateway/devices"
	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/keys/keystest"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
	"github.com/taskgate/taskgate/taskd"
)

// testToken is the admin token of every test server.
const testToken = "0123456789abcdef-test-token"

// engine is what the tests need of a store: the account service's, both protocols' and the
// taskd listener's registry and audit.
type engine interface {
	accounts.Store
	taskdsync.Store
	champion.Store
	chain.Store
	devices.Store
	authaudit.Store
	pki.Store
}

// env is an admin API over a fresh store, with the taskd service (certificate binding and failed
// login audit on) and the TaskChampion handler over the same store.
type env struct {
	t       *testing.T
	st      engine
	url     string
	taskd   *taskdsync.Service
	failed  *authaudit.Recorder
	champ   http.Handler
	master  keys.MasterKey
	manager *accounts.Manager
}

// eachEnv runs fn on SQLite and PostgreSQL.
func eachEnv(t *testing.T, fn func(t *testing.T, e *env)) {
	testengines.Each(t, func(t *testing.T, st engine) { fn(t, newEnv(t, st)) })
}

func newEnv(t *testing.T, st engine) *env {
	log := zaptest.NewLogger(t)
	master := keystest.NewMasterKey(t)
	m := accounts.New(st, master, "http://tasks.example.org", accounts.WithTaskd(accounts.TaskdSettings{
		Server: "tasks.example.org:53589", PKI: pki.NewKeeper(st, master),
	}))
	token, err := adminapi.NewToken(testToken)
	require.NoError(t, err)
	e := echo.New()
	require.NoError(t, adminapi.Register(e, m, token, log))
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)

	core := chain.New(st, master, champion.DefaultConfig().CoreConfig())
	svc := taskdsync.New(st, core, log)
	svc.SetCertBinding(devices.New(st, time.Nanosecond, log))
	failed := authaudit.New(st, log)
	svc.SetAuthFailures(failed)
	cc := champion.DefaultConfig()
	cc.CreateClients = false
	ch := champion.New(cc, st, core, log)
	return &env{t: t, st: st, url: srv.URL + adminapi.Prefix, taskd: svc, failed: failed, champ: ch.Handler(),
		master: master, manager: m}
}

// call sends a request with the test token and decodes a JSON answer into out (when not nil).
func (e *env) call(method, path string, body, out any) int {
	return e.callAs(testToken, method, path, body, out)
}

// callAs sends a request with the given token ("" for none).
func (e *env) callAs(token, method, path string, body, out any) int {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(e.t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.url+path, rd)
	require.NoError(e.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	if out != nil && len(raw) > 0 {
		require.NoError(e.t, json.Unmarshal(raw, out), "answer of %s %s: %s", method, path, raw)
	}
	return resp.StatusCode
}

// refused sends a request that must fail with status and code.
func (e *env) refused(status int, code, method, path string, body any) adminapi.Error {
	e.t.Helper()
	var got adminapi.Error
	require.Equal(e.t, status, e.call(method, path, body, &got), "%s %s", method, path)
	require.Equal(e.t, code, got.Code, "%s %s: %s", method, path, got.Message)
	require.NotEmpty(e.t, got.Message)
	return got
}

// household creates a plaintext account with a taskd login through the API and returns what the
// API answered, its first device certificate included.
func (e *env) household(name, org, user string) accounts.Details {
	e.t.Helper()
	var d accounts.Details
	require.Equal(e.t, http.StatusCreated, e.call(http.MethodPost, "/accounts", adminapi.CreateRequest{
		Name: name, Mode: store.ModePlaintext, Taskd: &adminapi.CreateTaskd{Org: org, User: user, Device: "laptop"},
	}, &d))
	require.NotNil(e.t, d.Device)
	return d
}

// device is a Taskwarrior 2.x device as the taskd service sees it: credentials and certificate.
type device struct {
	creds taskd.Credentials
	cert  *x509.Certificate
}

// deviceOf returns the device using certPEM with the credentials of rc (taskd.credentials).
func deviceOf(t *testing.T, rc map[string]string, certPEM string) device {
	t.Helper()
	block, _ := pem.Decode([]byte(certPEM))
	require.NotNil(t, block)
	cert, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	return device{creds: credsOf(t, rc), cert: cert}
}

// credsOf parses taskd.credentials (ORG/USER/KEY).
func credsOf(t *testing.T, rc map[string]string) taskd.Credentials {
	t.Helper()
	var c taskd.Credentials
	parts := bytes.SplitN([]byte(rc[accounts.TaskrcTaskdCredentials]), []byte("/"), 3)
	require.Len(t, parts, 3)
	c.Org, c.User, c.Key = string(parts[0]), string(parts[1]), string(parts[2])
	return c
}

// sync runs one taskd sync of d from 10.0.0.7 and returns its status code (200, 201 or the
// refusal's).
func (e *env) sync(d device) int {
	e.t.Helper()
	ctx := taskd.WithPeer(context.Background(), taskd.Peer{
		Addr: &net.TCPAddr{IP: net.IPv4(10, 0, 0, 7), Port: 40000}, Certificate: d.cert})
	acct, err := e.taskd.Authenticate(ctx, d.creds)
	if err == nil {
		var resp taskd.SyncResponse
		resp, err = e.taskd.Sync(ctx, acct, taskd.SyncRequest{})
		if err == nil {
			return resp.Code
		}
	}
	var se *taskd.StatusError
	require.ErrorAs(e.t, err, &se, "a refusal carries a taskd status, never an internal error")
	return se.Code
}

// audit returns the audit entries of an account (all with ""), newest first.
func (e *env) audit(account string) []accounts.AuditEntry {
	e.t.Helper()
	var got adminapi.AuditResponse
	path := "/audit?limit=1000"
	if account != "" {
		path += "&account=" + account
	}
	require.Equal(e.t, http.StatusOK, e.call(http.MethodGet, path, nil, &got))
	return got.Entries
}

// requireAudit requires that the newest audit entry of account is action by the API with result.
func (e *env) requireAudit(account, action, result string) {
	e.t.Helper()
	log := e.audit(account)
	require.NotEmpty(e.t, log, "no audit entry of %q", account)
	require.Equal(e.t, action, log[0].Action, "%+v", log[0])
	require.Contains(e.t, log[0].Actor, "api@")
	require.Contains(e.t, log[0].Result, result, "%+v", log[0])
}

// How long tests wait for something that happens concurrently, and how often they look.
const (
	testWait = 30 * time.Second
	testTick = 5 * time.Millisecond
)
