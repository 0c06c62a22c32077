package taskd

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const testNewKey = "c0ffee00-1111-4222-8333-444444444444"

// response builds the expected raw response text.
func response(code int, status, payload string) string {
	return fmt.Sprintf("client: taskgate 1.2.3\ncode: %d\nstatus: %s\n\n%s\n", code, status, payload)
}

// TestServerRequests runs complete requests through a TLS server and checks the raw response.
func TestServerRequests(t *testing.T) {
	t.Parallel()
	syncPayload := testKey + "\n" + testTaskA + "\n"
	tooSlow := func(ctx context.Context, _ Account, _ SyncRequest) (SyncResponse, error) {
		<-ctx.Done()
		return SyncResponse{}, ctx.Err()
	}

	tests := []struct {
		name    string
		cfg     Config
		backend *fakeBackend
		request string
		want    string
	}{
		{
			name: "Sync200",
			backend: &fakeBackend{sync: func(_ context.Context, a Account, req SyncRequest) (SyncResponse, error) {
				if a.ID != 7 || req.Key != testKey || len(req.Tasks) != 1 || string(req.Tasks[0]) != testTaskA || req.Client != "task 2.6.2" || req.Init {
					return SyncResponse{}, fmt.Errorf("unexpected request %+v for %+v", req, a)
				}
				return SyncResponse{Code: 200, Tasks: [][]byte{[]byte(testTaskB)}, Key: testNewKey}, nil
			}},
			request: request(syncHeaders(nil), syncPayload),
			want:    response(200, "Ok", testTaskB+"\n"+testNewKey+"\n"),
		},
		{
			name:    "Sync201",
			backend: &fakeBackend{},
			request: request(syncHeaders(nil), testKey+"\n"),
			want:    response(201, "No change", testKey+"\n"),
		},
		{
			name: "SyncInit",
			backend: &fakeBackend{sync: func(_ context.Context, _ Account, req SyncRequest) (SyncResponse, error) {
				if !req.Init || req.Key != "" || len(req.Tasks) != 2 {
					return SyncResponse{}, fmt.Errorf("unexpected request %+v", req)
				}
				return SyncResponse{Code: 200, Key: testNewKey}, nil
			}},
			request: request(syncHeaders(map[string]string{"subtype": "init"}), testTaskA+"\n"+testTaskB+"\n"),
			want:    response(200, "Ok", testNewKey+"\n"),
		},
		{name: "UnknownKey", backend: &fakeBackend{},
			request: request(syncHeaders(map[string]string{"key": testNewKey}), ""),
			want:    response(430, "Access denied", "")},
		{name: "MalformedKeyNeverReachesBackend", backend: &fakeBackend{authenticate: failAuth},
			request: request(syncHeaders(map[string]string{"key": "../../x"}), ""),
			want:    response(430, "Access denied", "")},
		{name: "UnsafeOrgNeverReachesBackend", backend: &fakeBackend{authenticate: failAuth},
			request: request(syncHeaders(map[string]string{"org": "../orgs"}), ""),
			want:    response(430, "Access denied", "")},
		{name: "Suspended", backend: &fakeBackend{authenticate: func(context.Context, Credentials) (Account, error) {
			return Account{}, AccountSuspended(nil)
		}}, request: request(syncHeaders(nil), ""), want: response(431, "Account suspended", "")},
		{name: "Terminated", backend: &fakeBackend{authenticate: func(context.Context, Credentials) (Account, error) {
			return Account{}, AccountTerminated(nil)
		}}, request: request(syncHeaders(nil), ""), want: response(432, "Account terminated", "")},
		{name: "Redirect", backend: &fakeBackend{authenticate: func(context.Context, Credentials) (Account, error) {
			return Account{}, Redirect("new.example:53589")
		}}, request: request(syncHeaders(nil), ""),
			want: "client: taskgate 1.2.3\ncode: 301\ninfo: new.example:53589\n\n\n"},
		{name: "WrongProtocol", backend: &fakeBackend{},
			request: request(syncHeaders(map[string]string{"protocol": "v2"}), ""),
			want:    response(500, "ERROR: Message protocol should be 'v1'", "")},
		{name: "WrongProtocolCheckedAfterAuth", backend: &fakeBackend{},
			request: request(syncHeaders(map[string]string{"protocol": "v2", "key": testNewKey}), ""),
			want:    response(430, "Access denied", "")},
		{name: "UnknownType", backend: &fakeBackend{authenticate: failAuth},
			request: request(syncHeaders(map[string]string{"type": "put"}), ""),
			want:    response(500, "Syntax error in request", "")},
		{name: "NoBlankLine", backend: &fakeBackend{}, request: "type: sync\n",
			want: response(500, "Malformed message", "")},
		{name: "EmptyMessage", backend: &fakeBackend{}, request: "",
			want: response(500, "Malformed message", "")},
		{name: "NUL", backend: &fakeBackend{}, request: "\x00\x00\x00\x00",
			want: response(401, "Failure", "")},
		{name: "UnknownSubtype", backend: &fakeBackend{},
			request: request(syncHeaders(map[string]string{"subtype": "wipe"}), ""),
			want:    response(501, "Syntax error, illegal parameters", "")},
		{name: "SyncKeyNotUUID", backend: &fakeBackend{},
			request: request(syncHeaders(nil), "not-a-key\n"+testTaskA+"\n"),
			want:    response(501, "Syntax error, illegal parameters", "")},
		{name: "BackendStatus", backend: &fakeBackend{sync: func(context.Context, Account, SyncRequest) (SyncResponse, error) {
			return SyncResponse{}, SyncFailed("Client sync key not found.", errors.New("no such key"))
		}}, request: request(syncHeaders(nil), syncPayload), want: response(500, "Client sync key not found.", "")},
		{name: "BackendError", backend: &fakeBackend{sync: func(context.Context, Account, SyncRequest) (SyncResponse, error) {
			return SyncResponse{}, errors.New("database is on fire")
		}}, request: request(syncHeaders(nil), syncPayload), want: response(500, "Internal error", "")},
		{name: "BackendPanic", backend: &fakeBackend{sync: func(context.Context, Account, SyncRequest) (SyncResponse, error) {
			panic("backend bug")
		}}, request: request(syncHeaders(nil), syncPayload), want: response(500, "Internal error", "")},
		{name: "Backend201AfterUpload", backend: &fakeBackend{sync: func(context.Context, Account, SyncRequest) (SyncResponse, error) {
			return SyncResponse{Code: 201, Key: testKey}, nil
		}}, request: request(syncHeaders(nil), syncPayload), want: response(500, "Internal error", "")},
		{name: "HandlerTimeout", cfg: Config{HandlerTimeout: 50 * time.Millisecond},
			backend: &fakeBackend{sync: tooSlow},
			request: request(syncHeaders(nil), syncPayload), want: response(500, "Internal error", "")},
		{name: "Statistics", backend: &fakeBackend{},
			request: request(syncHeaders(map[string]string{"type": "statistics"}), ""),
			want:    "client: taskgate 1.2.3\ncode: 200\nstatus: Ok\nuptime: 1\n\n\n"},
		{name: "StatisticsInvalidHeader", backend: &fakeBackend{statistics: func(context.Context, Account) (map[string]string, error) {
			return map[string]string{"code": "999"}, nil
		}}, request: request(syncHeaders(map[string]string{"type": "statistics"}), ""),
			want: response(500, "Internal error", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, tt.cfg, tt.backend)
			require.Equal(t, tt.want, b.mustExchange(t, tt.request))
		})
	}
}

// failAuth is an Authenticate that must not be reached.
func failAuth(context.Context, Credentials) (Account, error) {
	panic("Authenticate must not be called")
}

// TestServerTaskwarriorBytes sends Taskwarrior 2.6.2's exact request bytes.
func TestServerTaskwarriorBytes(t *testing.T) {
	t.Parallel()
	var got SyncRequest
	b := setup(t, Config{}, &fakeBackend{
		authenticate: func(_ context.Context, c Credentials) (Account, error) {
			if c != (Credentials{Org: "Public", User: "First Last", Key: testAccountKey}) {
				return Account{}, AccessDenied(nil)
			}
			return Account{ID: 1}, nil
		},
		sync: func(_ context.Context, _ Account, req SyncRequest) (SyncResponse, error) {
			got = req
			return SyncResponse{Code: 200, Key: testNewKey}, nil
		},
	})
	require.Equal(t, response(200, "Ok", testNewKey+"\n"), b.mustExchange(t, tw262Request))
	require.Equal(t, SyncRequest{
		Key:    "2e4685f8-34bc-4f9b-b7ed-399388e182e1",
		Tasks:  [][]byte{[]byte(`{"description":"Test data","entry":"20130602T002341Z"}`)},
		Client: "task 2.6.2",
	}, got)
}

func TestServerHandshakeFailures(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{}, &fakeBackend{})
	foreign := newTestCA(t, "foreign CA").issue(t, certSpec{name: "f", serial: 5})
	good := request(syncHeaders(nil), testKey+"\n")

	_, err := b.exchange(t, good)
	require.Error(t, err, "no client certificate")
	_, err = b.exchange(t, good, foreign)
	require.Error(t, err, "client certificate from another CA")
	require.Equal(t, response(201, "No change", testKey+"\n"), b.mustExchange(t, good))
}
