package adminapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/gateway/adminapi"
	"github.com/taskgate/taskgate/gateway/authaudit"
	"github.com/taskgate/taskgate/store"
)

func TestNoTokenNoAPI(t *testing.T) {
	t.Parallel()
	e := echo.New()
	err := adminapi.Register(e, nil, adminapi.Token{}, zaptest.NewLogger(t))
	require.ErrorIs(t, err, adminapi.ErrNoToken)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, adminapi.Prefix+"/accounts", nil))
	require.Equal(t, http.StatusNotFound, rec.Code, "nothing is served")
	for _, bad := range []string{"short", "has whitespace in it ok?"} {
		_, err := adminapi.NewToken(bad)
		require.Error(t, err, bad)
	}
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		var got adminapi.Error
		require.Equal(t, http.StatusUnauthorized, e.callAs("", http.MethodGet, "/accounts", nil, &got))
		require.Equal(t, "unauthorized", got.Code)
		require.Equal(t, http.StatusForbidden, e.callAs("wrong-token-0123456789", http.MethodDelete, "/accounts/x", nil, &got))
		require.Equal(t, "forbidden", got.Code)
		require.Equal(t, http.StatusForbidden, e.callAs(testToken+"x", http.MethodPost, "/accounts",
			adminapi.CreateRequest{Name: "x", Mode: store.ModeEncrypted}, &got))
		require.Empty(t, e.audit(""), "a refused request does nothing, not even an audit entry")
	})
}

func TestAccountLifecycle(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		var d accounts.Details
		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts",
			adminapi.CreateRequest{Name: "enc", Mode: store.ModeEncrypted}, &d))
		require.Equal(t, store.ModeEncrypted, d.Mode)
		require.NotContains(t, d.Taskrc3, accounts.TaskrcEncryptionSecret)
		e.requireAudit("enc", accounts.ActionAdd, accounts.ResultOK)
		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts",
			adminapi.CreateRequest{Name: "plain", Mode: store.ModePlaintext}, &d))
		require.NotEmpty(t, d.Taskrc3[accounts.TaskrcEncryptionSecret])
		home := e.household("Home/alice", "Home", "alice")

		e.refused(http.StatusConflict, "conflict", http.MethodPost, "/accounts", adminapi.CreateRequest{Name: "enc", Mode: store.ModeEncrypted})
		e.requireAudit("enc", accounts.ActionAdd, "already exists")
		e.refused(http.StatusBadRequest, "invalid_name", http.MethodPost, "/accounts", adminapi.CreateRequest{Name: "", Mode: store.ModeEncrypted})
		e.refused(http.StatusConflict, "encrypted", http.MethodPost, "/accounts", adminapi.CreateRequest{
			Name: "x", Mode: store.ModeEncrypted, Taskd: &adminapi.CreateTaskd{Org: "o", User: "u"}})
		e.refused(http.StatusBadRequest, "bad_request", http.MethodGet, "/accounts?limit=-1", nil)

		var page accounts.Page
		require.Equal(t, http.StatusOK, e.call(http.MethodGet, "/accounts?limit=2", nil, &page))
		require.Equal(t, []string{"Home/alice", "enc"}, names(page))
		require.Equal(t, "enc", page.Next)
		after := page.Next
		page = accounts.Page{}
		require.Equal(t, http.StatusOK, e.call(http.MethodGet, "/accounts?limit=2&after="+after, nil, &page))
		require.Equal(t, []string{"plain"}, names(page))
		require.Empty(t, page.Next)
		require.Equal(t, store.ModePlaintext, page.Accounts[0].Mode)
		require.Equal(t, store.StatusActive, page.Accounts[0].Status)

		require.Equal(t, http.StatusOK, e.call(http.MethodGet, "/accounts/Home%2Falice", nil, &d), "a name with a slash")
		require.Equal(t, home.Taskrc3, d.Taskrc3)
		e.requireAudit("Home/alice", accounts.ActionShow, accounts.ResultOK)
		var u accounts.Usage
		require.Equal(t, http.StatusOK, e.call(http.MethodGet, "/accounts/enc/usage", nil, &u))
		require.Zero(t, u.Versions)

		require.Equal(t, http.StatusNoContent, e.call(http.MethodPost, "/accounts/enc/suspend", nil, nil))
		e.requireAudit("enc", accounts.ActionSuspend, accounts.ResultOK)
		require.Equal(t, http.StatusOK, e.call(http.MethodGet, "/accounts/enc", nil, &d))
		require.Equal(t, store.StatusSuspended, d.Status)
		require.Equal(t, http.StatusNoContent, e.call(http.MethodPost, "/accounts/enc/resume", nil, nil))
		e.requireAudit("enc", accounts.ActionResume, accounts.ResultOK)

		e.refused(http.StatusBadRequest, "bad_request", http.MethodPost, "/accounts/enc/convert", adminapi.ConvertRequest{})
		require.Equal(t, http.StatusNoContent, e.call(http.MethodPost, "/accounts/enc/convert", adminapi.ConvertRequest{Secret: "s3cret"}, nil))
		e.requireAudit("enc", accounts.ActionConvert, accounts.ResultOK)
		e.refused(http.StatusConflict, "not_convertible", http.MethodPost, "/accounts/enc/convert", adminapi.ConvertRequest{Secret: "s3cret"})
		require.Equal(t, http.StatusOK, e.call(http.MethodGet, "/accounts/enc", nil, &d))
		require.Equal(t, store.ModePlaintext, d.Mode)
		require.Equal(t, "s3cret", d.Taskrc3[accounts.TaskrcEncryptionSecret])

		require.Equal(t, http.StatusNoContent, e.call(http.MethodDelete, "/accounts/plain", nil, nil))
		e.requireAudit("plain", accounts.ActionDelete, accounts.ResultOK)
		e.refused(http.StatusNotFound, "not_found", http.MethodGet, "/accounts/plain", nil)
	})
}

func TestUnknownAccount(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		for _, r := range []struct {
			method, path string
			body         any
		}{
			{http.MethodGet, "/accounts/nobody", nil},
			{http.MethodDelete, "/accounts/nobody", nil},
			{http.MethodGet, "/accounts/nobody/usage", nil},
			{http.MethodPost, "/accounts/nobody/suspend", nil},
			{http.MethodPost, "/accounts/nobody/resume", nil},
			{http.MethodPost, "/accounts/nobody/convert", adminapi.ConvertRequest{Secret: "x"}},
			{http.MethodGet, "/accounts/nobody/devices", nil},
			{http.MethodPost, "/accounts/nobody/devices", adminapi.DeviceRequest{Device: "x"}},
			{http.MethodDelete, "/accounts/nobody/devices/x", nil},
			{http.MethodPost, "/accounts/nobody/taskd", adminapi.TaskdRequest{Org: "o", User: "u"}},
			{http.MethodPost, "/accounts/nobody/taskd/rotate", adminapi.TaskdRequest{Org: "o", User: "u"}},
			{http.MethodGet, "/accounts/nobody/clients", nil},
			{http.MethodPost, "/accounts/nobody/clients", adminapi.ClientRequest{}},
			{http.MethodDelete, "/accounts/nobody/clients/" + uuid.NewString(), nil},
			{http.MethodGet, "/accounts/nobody/udas", nil},
			{http.MethodPut, "/accounts/nobody/udas", adminapi.UDAsRequest{UDAs: map[string]string{"due2": "date"}}},
			{http.MethodPut, "/accounts/nobody/udas/due2", adminapi.UDARequest{Type: "date"}},
			{http.MethodDelete, "/accounts/nobody/udas?attr=due2", nil},
			{http.MethodDelete, "/accounts/nobody/udas/due2", nil},
			{http.MethodGet, "/accounts/nobody/quota", nil},
			{http.MethodPut, "/accounts/nobody/quota", store.QuotaOverride{}},
			{http.MethodDelete, "/accounts/nobody/quota", nil},
		} {
			got := e.refused(http.StatusNotFound, "not_found", r.method, r.path, r.body)
			require.Contains(t, got.Message, `no account named "nobody"`)
		}
		for _, e2 := range e.audit("nobody") {
			require.Contains(t, e2.Result, "no account named", "every audited action on an unknown account is audited as refused")
		}
		require.Len(t, e.audit("nobody"), 16, "the sixteen changing actions are audited")
	})
}

func TestTaskdCredentials(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts",
			adminapi.CreateRequest{Name: "enc", Mode: store.ModeEncrypted}, nil))
		got := e.refused(http.StatusConflict, "encrypted", http.MethodPost, "/accounts/enc/taskd", adminapi.TaskdRequest{Org: "Home", User: "bob"})
		require.Contains(t, got.Message, "plaintext")
		e.requireAudit("enc", accounts.ActionTaskdAdd, "encrypted")
		e.refused(http.StatusConflict, "encrypted", http.MethodPost, "/accounts/enc/devices", adminapi.DeviceRequest{})

		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts",
			adminapi.CreateRequest{Name: "plain", Mode: store.ModePlaintext}, nil))
		e.refused(http.StatusConflict, "no_taskd", http.MethodPost, "/accounts/plain/devices", adminapi.DeviceRequest{})
		e.refused(http.StatusBadRequest, "invalid_taskd_login", http.MethodPost, "/accounts/plain/taskd", adminapi.TaskdRequest{Org: "", User: "bob"})
		var td adminapi.TaskdResponse
		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts/plain/taskd", adminapi.TaskdRequest{Org: "Home", User: "bob"}, &td))
		e.requireAudit("plain", accounts.ActionTaskdAdd, accounts.ResultOK)
		var dev accounts.IssuedDevice
		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts/plain/devices", adminapi.DeviceRequest{Device: "pc"}, &dev))
		old := deviceOf(t, td.Taskrc2, dev.CertPEM)
		require.Equal(t, 201, e.sync(old), "an empty account, nothing to send")

		var rotated adminapi.TaskdResponse
		require.Equal(t, http.StatusOK, e.call(http.MethodPost, "/accounts/plain/taskd/rotate", adminapi.TaskdRequest{Org: "Home", User: "bob"}, &rotated))
		e.requireAudit("plain", accounts.ActionTaskdRotate, accounts.ResultOK)
		require.NotEqual(t, td.Taskrc2[accounts.TaskrcTaskdCredentials], rotated.Taskrc2[accounts.TaskrcTaskdCredentials])
		require.Equal(t, 430, e.sync(old), "the old key no longer logs in")
		require.Equal(t, 201, e.sync(deviceOf(t, rotated.Taskrc2, dev.CertPEM)), "the same certificate with the new key")
		e.refused(http.StatusConflict, "no_taskd", http.MethodPost, "/accounts/plain/taskd/rotate", adminapi.TaskdRequest{Org: "Home", User: "nobody"})
	})
}

func TestDevices(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		home := e.household("home", "Home", "alice")
		other := e.household("other", "Home", "bob")
		laptop := deviceOf(t, home.Taskrc2, home.Device.CertPEM)
		var phoneCert accounts.IssuedDevice
		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts/home/devices", adminapi.DeviceRequest{Device: "phone"}, &phoneCert))
		e.requireAudit("home", accounts.ActionDeviceIssue, accounts.ResultOK)
		require.Equal(t, "tasks.example.org:53589", phoneCert.Taskrc2[accounts.TaskrcTaskdServer])
		phone := deviceOf(t, phoneCert.Taskrc2, phoneCert.CertPEM)
		require.Equal(t, 201, e.sync(laptop))
		require.Equal(t, 201, e.sync(phone))

		var list adminapi.DevicesResponse
		require.Equal(t, http.StatusOK, e.call(http.MethodGet, "/accounts/home/devices", nil, &list))
		require.Len(t, list.Devices, 2)
		require.Equal(t, "laptop", list.Devices[0].Device)
		require.NotNil(t, list.Devices[0].LastSeen, "a device that synced has a last-seen time")
		require.Equal(t, home.Device.Fingerprint, list.Devices[0].Fingerprint)

		stolen := device{creds: credsOf(t, other.Taskrc2), cert: laptop.cert}
		require.Equal(t, 430, e.sync(stolen), "A's certificate with B's credentials")

		var rev adminapi.RevokeResponse
		require.Equal(t, http.StatusOK, e.call(http.MethodDelete, "/accounts/home/devices/phone", nil, &rev))
		require.Equal(t, 1, rev.Revoked)
		e.requireAudit("home", accounts.ActionDeviceRevoke, accounts.ResultOK)
		require.Equal(t, 430, e.sync(phone), "a revoked device")
		require.Equal(t, 201, e.sync(laptop), "the other device keeps syncing")
		e.refused(http.StatusNotFound, "not_found", http.MethodDelete, "/accounts/home/devices/phone", nil)
		e.refused(http.StatusBadRequest, "invalid_device", http.MethodPost, "/accounts/home/devices", adminapi.DeviceRequest{Device: "a b"})
		require.Equal(t, http.StatusOK, e.call(http.MethodGet, "/accounts/home/devices", nil, &list))
		require.NotNil(t, list.Devices[1].RevokedAt)

		e.failed.Flush(t.Context())
		var failures []accounts.AuditEntry
		for _, a := range e.audit("") {
			if a.Action == authaudit.Action {
				failures = append(failures, a)
			}
		}
		require.Len(t, failures, 1, "one row per source and minute")
		require.Equal(t, "taskd:10.0.0.7", failures[0].Actor)
		require.Equal(t, int64(2), failures[0].Count)
		require.Contains(t, failures[0].Result, "430")
	})
}

func TestClientIDs(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		var d accounts.Details
		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts", adminapi.CreateRequest{Name: "enc", Mode: store.ModeEncrypted}, &d))
		var added adminapi.ClientResponse
		want := uuid.New()
		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts/enc/clients", adminapi.ClientRequest{ClientID: want}, &added))
		require.Equal(t, want, added.ClientID)
		e.requireAudit("enc", accounts.ActionClientAdd, accounts.ResultOK)
		e.refused(http.StatusConflict, "conflict", http.MethodPost, "/accounts/enc/clients", adminapi.ClientRequest{ClientID: want})
		var list adminapi.ClientsResponse
		require.Equal(t, http.StatusOK, e.call(http.MethodGet, "/accounts/enc/clients", nil, &list))
		require.ElementsMatch(t, []uuid.UUID{d.ClientIDs[0], want}, list.ClientIDs)
		require.Equal(t, http.StatusNoContent, e.call(http.MethodDelete, "/accounts/enc/clients/"+want.String(), nil, nil))
		e.requireAudit("enc", accounts.ActionClientRemove, accounts.ResultOK)
		e.refused(http.StatusNotFound, "not_found", http.MethodDelete, "/accounts/enc/clients/"+want.String(), nil)
		e.refused(http.StatusBadRequest, "bad_request", http.MethodDelete, "/accounts/enc/clients/not-a-uuid", nil)

		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts", adminapi.CreateRequest{Name: "plain", Mode: store.ModePlaintext}, nil))
		e.refused(http.StatusConflict, "one_client", http.MethodPost, "/accounts/plain/clients", adminapi.ClientRequest{})
	})
}

// TestDeleteWhileSyncing deletes a household while its 2.x device syncs and an encrypted account
// while its 3.x device adds versions: every sync is answered cleanly (never a 5xx), every one
// after the delete is refused, and another household is untouched.
func TestDeleteWhileSyncing(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		home := e.household("home", "Home", "alice")
		kept := e.household("kept", "Home", "carol")
		keptDevice := deviceOf(t, kept.Taskrc2, kept.Device.CertPEM)
		require.Equal(t, 201, e.sync(keptDevice))
		var enc accounts.Details
		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts", adminapi.CreateRequest{Name: "enc", Mode: store.ModeEncrypted}, &enc))
		before := e.snapshot("kept")

		laptop := deviceOf(t, home.Taskrc2, home.Device.CertPEM)
		var stop atomic.Bool
		var wg sync.WaitGroup
		taskdCodes, champCodes := map[int]int{}, map[int]int{}
		var mu sync.Mutex
		t.Cleanup(func() { stop.Store(true); wg.Wait() })
		wg.Add(2)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				code := e.sync(laptop)
				mu.Lock()
				taskdCodes[code]++
				mu.Unlock()
			}
		}()
		go func() {
			defer wg.Done()
			parent := uuid.Nil
			for !stop.Load() {
				rec := e.addVersion(enc.ClientIDs[0], parent)
				if rec.Code == http.StatusOK {
					parent = uuid.MustParse(rec.Header().Get(champion.HeaderVersionID))
				}
				mu.Lock()
				champCodes[rec.Code]++
				mu.Unlock()
			}
		}()
		e.waitCodes(&mu, taskdCodes, 201, champCodes, http.StatusOK)
		require.Equal(t, http.StatusNoContent, e.call(http.MethodDelete, "/accounts/home", nil, nil))
		require.Equal(t, http.StatusNoContent, e.call(http.MethodDelete, "/accounts/enc", nil, nil))
		e.waitCodes(&mu, taskdCodes, 430, champCodes, http.StatusNotFound)
		stop.Store(true)
		wg.Wait()

		for code := range taskdCodes {
			require.Contains(t, []int{200, 201, 430}, code, "taskd answers: %v", taskdCodes)
		}
		for code := range champCodes {
			require.Contains(t, []int{http.StatusOK, http.StatusNotFound}, code, "TaskChampion answers: %v", champCodes)
		}
		require.Equal(t, 430, e.sync(laptop))
		require.Equal(t, http.StatusNotFound, e.addVersion(enc.ClientIDs[0], uuid.Nil).Code, "no such client")
		require.Equal(t, before, e.snapshot("kept"), "the other household is untouched")
		require.Equal(t, 201, e.sync(keptDevice))
		e.requireAudit("home", accounts.ActionDelete, accounts.ResultOK)
	})
}

// snapshot is what the API shows of an account: details, usage and devices.
func (e *env) snapshot(name string) []any {
	e.t.Helper()
	var d accounts.Details
	var u accounts.Usage
	var devs adminapi.DevicesResponse
	require.Equal(e.t, http.StatusOK, e.call(http.MethodGet, "/accounts/"+name, nil, &d))
	require.Equal(e.t, http.StatusOK, e.call(http.MethodGet, "/accounts/"+name+"/usage", nil, &u))
	require.Equal(e.t, http.StatusOK, e.call(http.MethodGet, "/accounts/"+name+"/devices", nil, &devs))
	for i := range devs.Devices {
		devs.Devices[i].LastSeen = nil
	}
	return []any{d, u, devs}
}

// addVersion adds an opaque version to an encrypted account's chain through the TaskChampion
// handler.
func (e *env) addVersion(client, parent uuid.UUID) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/v1/client/add-version/"+parent.String(), strings.NewReader("sealed"))
	req.Header.Set("Content-Type", champion.ContentTypeHistorySegment)
	req.Header.Set("X-Client-Id", client.String())
	rec := httptest.NewRecorder()
	e.champ.ServeHTTP(rec, req)
	return rec
}

// waitCodes waits until both loops have seen their code at least once.
func (e *env) waitCodes(mu *sync.Mutex, a map[int]int, codeA int, b map[int]int, codeB int) {
	e.t.Helper()
	require.Eventually(e.t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return a[codeA] > 0 && b[codeB] > 0
	}, testWait, testTick, "taskd %v, TaskChampion %v", a, b)
}

// names returns the names of a page's accounts.
func names(p accounts.Page) []string {
	out := make([]string, len(p.Accounts))
	for i, a := range p.Accounts {
		out[i] = a.Name
	}
	return out
}
