package taskd

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"
)

const (
	testKey    = "2e4685f8-34bc-4f9b-b7ed-399388e182e1"
	testTaskA  = `{"description":"A","uuid":"948f6c48-7c3d-4885-9b42-958369bdeeaa"}`
	testTaskB  = `{"description":"B","uuid":"6b4aecd9-0000-4000-8000-000000000000"}`
	testClient = "client: taskgate 1.2.3\n"
)

// TestResponseForms checks every response form of docs/protocols/taskd.md §2.4 byte for byte,
// with the client header sorted first as in Taskserver 1.1.0.
func TestResponseForms(t *testing.T) {
	t.Parallel()
	r := newResponder("1.2.3")
	upload := SyncRequest{Tasks: [][]byte{[]byte(testTaskA)}}

	tests := []struct {
		name string
		msg  func() (Message, error)
		want string
	}{
		{"200WithData", func() (Message, error) {
			return r.sync(SyncRequest{}, SyncResponse{Code: 200, Tasks: [][]byte{[]byte(testTaskA), []byte(testTaskB)}, Key: testKey})
		}, testClient + "code: 200\nstatus: Ok\n\n" + testTaskA + "\n" + testTaskB + "\n" + testKey + "\n\n"},
		{"200UploadOnly", func() (Message, error) {
			return r.sync(upload, SyncResponse{Code: 200, Key: testKey})
		}, testClient + "code: 200\nstatus: Ok\n\n" + testKey + "\n\n"},
		{"201NoChange", func() (Message, error) {
			return r.sync(SyncRequest{Key: testKey}, SyncResponse{Code: 201, Key: testKey})
		}, testClient + "code: 201\nstatus: No change\n\n" + testKey + "\n\n"},
		{"201EmptyKey", func() (Message, error) {
			return r.sync(SyncRequest{}, SyncResponse{Code: 201})
		}, testClient + "code: 201\nstatus: No change\n\n\n\n"},
		{"301Redirect", statusMsg(r, Redirect("new.example:53589")),
			testClient + "code: 301\ninfo: new.example:53589\n\n\n"},
		{"401Failure", statusMsg(r, NewStatusError(StatusFailure, "", nil)),
			testClient + "code: 401\nstatus: Failure\n\n\n"},
		{"430", statusMsg(r, AccessDenied(errors.New("unknown key"))),
			testClient + "code: 430\nstatus: Access denied\n\n\n"},
		{"431", statusMsg(r, AccountSuspended(nil)),
			testClient + "code: 431\nstatus: Account suspended\n\n\n"},
		{"432", statusMsg(r, AccountTerminated(nil)),
			testClient + "code: 432\nstatus: Account terminated\n\n\n"},
		{"500Text", statusMsg(r, SyncFailed("Client sync key not found.", nil)),
			testClient + "code: 500\nstatus: Client sync key not found.\n\n\n"},
		{"500Protocol", statusMsg(r, NewStatusError(StatusSyntaxError, TextBadProtocol, nil)),
			testClient + "code: 500\nstatus: ERROR: Message protocol should be 'v1'\n\n\n"},
		{"501", statusMsg(r, NewStatusError(StatusIllegalParameters, "", nil)),
			testClient + "code: 501\nstatus: Syntax error, illegal parameters\n\n\n"},
		{"504", statusMsg(r, NewStatusError(StatusRequestTooBig, "", nil)),
			testClient + "code: 504\nstatus: Request too big\n\n\n"},
		{"StatusTextMadeOneLine", statusMsg(r, SyncFailed("two\nlines\r", nil)),
			testClient + "code: 500\nstatus: two lines\n\n\n"},
		{"Statistics", func() (Message, error) {
			return r.statistics(map[string]string{"uptime": "12", "average request bytes": "0"})
		}, "average request bytes: 0\n" + testClient + "code: 200\nstatus: Ok\nuptime: 12\n\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := tt.msg()
			require.NoError(t, err)
			require.Equal(t, tt.want, string(m.Encode()))
		})
	}
}

// statusMsg adapts a status response to the table's function type.
func statusMsg(r responder, se *StatusError) func() (Message, error) {
	return func() (Message, error) { return r.status(se), nil }
}

func TestSyncResponseContract(t *testing.T) {
	t.Parallel()
	r := newResponder("x")
	upload := SyncRequest{Tasks: [][]byte{[]byte(testTaskA)}}

	tests := []struct {
		name string
		req  SyncRequest
		res  SyncResponse
	}{
		{"201AfterUpload", upload, SyncResponse{Code: 201, Key: testKey}},
		{"201WithTasks", SyncRequest{}, SyncResponse{Code: 201, Tasks: [][]byte{[]byte(testTaskA)}, Key: testKey}},
		{"200WithoutKey", SyncRequest{}, SyncResponse{Code: 200}},
		{"OtherCode", SyncRequest{}, SyncResponse{Code: 430, Key: testKey}},
		{"KeyWithNewline", SyncRequest{}, SyncResponse{Code: 200, Key: testKey + "\n{"}},
		{"TaskNotJSON", SyncRequest{}, SyncResponse{Code: 200, Tasks: [][]byte{[]byte("x")}, Key: testKey}},
		{"TaskWithNewline", SyncRequest{}, SyncResponse{Code: 200, Tasks: [][]byte{[]byte("{}\n{}")}, Key: testKey}},
		{"EmptyTask", SyncRequest{}, SyncResponse{Code: 200, Tasks: [][]byte{nil}, Key: testKey}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := r.sync(tt.req, tt.res)
			require.Error(t, err)
		})
	}
}

func TestStatisticsContract(t *testing.T) {
	t.Parallel()
	r := newResponder("x")
	for _, stats := range []map[string]string{
		{"code": "1"}, {"client": "1"}, {"status": "1"}, {"info": "1"}, {"": "1"},
		{"a:b": "1"}, {"a\nb": "1"}, {" a": "1"}, {"a": "1\n2"},
	} {
		_, err := r.statistics(stats)
		require.Error(t, err, "statistics(%q)", stats)
	}
}

// TestStatusFor checks the single error-to-status mapping.
func TestStatusFor(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name       string
		err        error
		wantCode   int
		wantStatus string
		wantInfo   string
	}{
		{"StatusError", AccountSuspended(errors.New("org suspended")), 431, "Account suspended", ""},
		{"WrappedStatusError", fmt.Errorf("ctx: %w", AccessDenied(nil)), 430, "Access denied", ""},
		{"Redirect", Redirect("h:1"), 301, "Redirect", "h:1"},
		{"TooBig", &FrameTooBigError{Size: 10, Limit: 5}, 504, "Request too big", ""},
		{"ParseError", &ParseError{Reason: "Malformed message"}, 500, "Malformed message", ""},
		{"FrameLength", fmt.Errorf("x: %w", ErrFrameLength), 500, "Malformed message", ""},
		{"Deadline", fmt.Errorf("db: %w", context.DeadlineExceeded), 500, "Internal error", ""},
		{"Other", errors.New("disk on fire"), 500, "Internal error", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			se := statusFor(zaptest.NewLogger(t), tt.err)
			require.Equal(t, tt.wantCode, se.Code, "statusFor(%v)", tt.err)
			require.Equal(t, tt.wantStatus, se.Status, "statusFor(%v)", tt.err)
			require.Equal(t, tt.wantInfo, se.Info, "statusFor(%v)", tt.err)
		})
	}
}

func TestStatusErrorUnwrapAndText(t *testing.T) {
	t.Parallel()
	cause := errors.New("no such key")
	err := AccessDenied(cause)
	require.ErrorIs(t, err, cause)
	require.Equal(t, "taskd: status 430 Access denied: no such key", err.Error())
	require.Equal(t, "", StatusText(299))
}
