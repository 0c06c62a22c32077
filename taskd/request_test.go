package taskd

import (
	"cmp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const testAccountKey = "834bf67a-5286-470e-a2b8-c6b6916641ec"

// syncHeaders returns valid sync request headers with the given overrides ("" deletes).
func syncHeaders(overrides map[string]string) map[string]string {
	h := map[string]string{
		"type": "sync", "org": "Public", "user": "First Last", "key": testAccountKey,
		"protocol": "v1", "client": "task 2.6.2",
	}
	for k, v := range overrides {
		if v == "" {
			delete(h, k)
			continue
		}
		h[k] = v
	}
	return h
}

func TestDecodeRequest(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name     string
		headers  map[string]string
		wantCode int // 0: success
	}{
		{"Sync", syncHeaders(nil), 0},
		{"Statistics", syncHeaders(map[string]string{"type": "statistics"}), 0},
		{"UnicodeNames", syncHeaders(map[string]string{"org": "Göteborg Bit Factory", "user": "Åsa Öberg"}), 0},
		{"UppercaseKey", syncHeaders(map[string]string{"key": strings.ToUpper(testAccountKey)}), 0},
		{"UnknownType", syncHeaders(map[string]string{"type": "put"}), 500},
		{"MissingType", syncHeaders(map[string]string{"type": ""}), 500},
		{"UnknownTypeBadKey", syncHeaders(map[string]string{"type": "x", "key": "nope"}), 500},
		{"MissingOrg", syncHeaders(map[string]string{"org": ""}), 430},
		{"OrgTraversal", syncHeaders(map[string]string{"org": "../etc"}), 430},
		{"OrgDotDot", syncHeaders(map[string]string{"org": ".."}), 430},
		{"OrgDot", syncHeaders(map[string]string{"org": "."}), 430},
		{"OrgBackslash", syncHeaders(map[string]string{"org": `a\b`}), 430},
		{"OrgControl", syncHeaders(map[string]string{"org": "a\tb"}), 430},
		{"OrgInvalidUTF8", syncHeaders(map[string]string{"org": "a\xffb"}), 430},
		{"OrgTooLong", syncHeaders(map[string]string{"org": strings.Repeat("o", 256)}), 430},
		{"UserSlash", syncHeaders(map[string]string{"user": "a/b"}), 430},
		{"MissingUser", syncHeaders(map[string]string{"user": ""}), 430},
		{"MissingKey", syncHeaders(map[string]string{"key": ""}), 430},
		{"KeyNotUUID", syncHeaders(map[string]string{"key": "not-a-uuid"}), 430},
		{"KeyTraversal", syncHeaders(map[string]string{"key": "../../../../../../../../etc/passwd00"}), 430},
		{"KeyBraces", syncHeaders(map[string]string{"key": "{" + testAccountKey[:34] + "}"}), 430},
		{"KeyNoDashes", syncHeaders(map[string]string{"key": strings.ReplaceAll(testAccountKey, "-", "") + "0000"}), 430},
		{"KeyNonHex", syncHeaders(map[string]string{"key": "834bf67a-5286-470e-a2b8-c6b6916641eg"}), 430},
		// The protocol is checked after authentication, not while decoding.
		{"WrongProtocolDecodes", syncHeaders(map[string]string{"protocol": "v2"}), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := DecodeRequest(Message{Headers: tt.headers, Payload: "p"})
			if tt.wantCode == 0 {
				require.NoError(t, err, "DecodeRequest(%q)", tt.headers)
				require.Equal(t, tt.headers["type"], req.Type)
				require.Equal(t, Credentials{Org: tt.headers["org"], User: tt.headers["user"], Key: tt.headers["key"]}, req.Credentials)
				require.Equal(t, "p", req.Payload)
				return
			}
			var se *StatusError
			require.ErrorAs(t, err, &se, "DecodeRequest(%q) = %v", tt.headers, err)
			require.Equal(t, tt.wantCode, se.Code, "DecodeRequest(%q) = %v", tt.headers, err)
		})
	}
}

func TestCheckProtocol(t *testing.T) {
	t.Parallel()
	require.NoError(t, Request{Protocol: "v1"}.CheckProtocol())
	for _, p := range []string{"", "v2", "V1", "v1 "} {
		var se *StatusError
		require.ErrorAs(t, Request{Protocol: p}.CheckProtocol(), &se, "protocol %q", p)
		require.Equal(t, 500, se.Code)
		require.Equal(t, "ERROR: Message protocol should be 'v1'", se.Status)
	}
}

func TestSyncRequest(t *testing.T) {
	t.Parallel()
	const otherKey = "11111111-2222-4333-8444-555555555555"

	tests := []struct {
		name       string
		subtype    string
		payload    string
		want       SyncRequest
		wantCode   int
		wantStatus string // default "Syntax error, illegal parameters"
	}{
		{name: "KeyThenTasks", payload: testKey + "\n" + testTaskA + "\n" + testTaskB + "\n\n",
			want: SyncRequest{Key: testKey, Tasks: [][]byte{[]byte(testTaskA), []byte(testTaskB)}, Client: "c"}},
		{name: "LastKeyWins", payload: otherKey + "\n" + testTaskA + "\n" + testKey + "\n",
			want: SyncRequest{Key: testKey, Tasks: [][]byte{[]byte(testTaskA)}, Client: "c"}},
		{name: "NoKeyFirstSync", payload: "",
			want: SyncRequest{Client: "c"}},
		{name: "Init", subtype: "init", payload: testTaskA + "\n" + testTaskB + "\n",
			want: SyncRequest{Tasks: [][]byte{[]byte(testTaskA), []byte(testTaskB)}, Init: true, Client: "c"}},
		{name: "RawBytesKept", payload: `{ "b":1,  "a" : "\/x", "uuid": "` + testKey + `" }` + "\n",
			want: SyncRequest{Tasks: [][]byte{[]byte(`{ "b":1,  "a" : "\/x", "uuid": "` + testKey + `" }`)}, Client: "c"}},
		{name: "EmptyLinesSkipped", payload: "\n\n" + testKey + "\n\n",
			want: SyncRequest{Key: testKey, Client: "c"}},
		{name: "UnknownSubtype", subtype: "reset", payload: "", wantCode: 501},
		{name: "KeyNotUUID", payload: "garbage\n" + testTaskA + "\n", wantCode: 501},
		{name: "LastKeyNotUUID", payload: testKey + "\ngarbage\n", wantCode: 501},
		{name: "TaskLineTooShort", payload: testTaskA + "\n{}\n", wantCode: 500,
			wantStatus: "Could not parse an uploaded task: task line 2 is too short to be a task"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := Request{Type: TypeSync, Client: "c", Subtype: tt.subtype, Payload: tt.payload}
			got, err := req.SyncRequest()
			if tt.wantCode != 0 {
				var se *StatusError
				require.ErrorAs(t, err, &se, "SyncRequest(%q) = %v", tt.payload, err)
				require.Equal(t, tt.wantCode, se.Code)
				require.Equal(t, cmp.Or(tt.wantStatus, "Syntax error, illegal parameters"), se.Status)
				return
			}
			require.NoError(t, err, "SyncRequest(%q)", tt.payload)
			require.Equal(t, tt.want, got, "SyncRequest(%q)", tt.payload)
		})
	}
}

func TestIsUUID(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		testAccountKey:                            true,
		strings.ToUpper(testAccountKey):           true,
		"00000000-0000-0000-0000-000000000000":    true,
		"":                                        false,
		testAccountKey[:35]:                       false,
		testAccountKey + "0":                      false,
		"834bf67a_5286-470e-a2b8-c6b6916641ec":    false,
		"urn:uuid:834bf67a-5286-470e-a2b8-c6b6":   false,
		"834bf67a-5286-470e-a2b8-c6b6916641e\x00": false,
	} {
		require.Equal(t, want, IsUUID(s), "IsUUID(%q)", s)
	}
}
