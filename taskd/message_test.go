package taskd

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// tw262Request is the request of docs/protocols/taskd.md §2.3 as Taskwarrior 2.6.2 sends it:
// serialize() plus one more newline.
const tw262Request = "client: task 2.6.2\n" +
	"key: 834bf67a-5286-470e-a2b8-c6b6916641ec\n" +
	"org: Public\n" +
	"protocol: v1\n" +
	"type: sync\n" +
	"user: First Last\n" +
	"\n" +
	"2e4685f8-34bc-4f9b-b7ed-399388e182e1\n" +
	`{"description":"Test data","entry":"20130602T002341Z"}` + "\n" +
	"\n" +
	"\n"

func TestParseMessage(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name    string
		input   string
		want    Message
		wantErr string // ParseError reason
		want401 bool
	}{
		{
			name:  "Taskwarrior262",
			input: tw262Request,
			want: Message{Headers: map[string]string{
				"client": "task 2.6.2", "key": "834bf67a-5286-470e-a2b8-c6b6916641ec", "org": "Public",
				"protocol": "v1", "type": "sync", "user": "First Last",
			}, Payload: "2e4685f8-34bc-4f9b-b7ed-399388e182e1\n" + `{"description":"Test data","entry":"20130602T002341Z"}` + "\n\n"},
		},
		{name: "TrimAndLastDuplicateWins", input: "  a :  1 \t\nb:2\na: 3\n\npayload",
			want: Message{Headers: map[string]string{"a": "3", "b": "2"}, Payload: "payload"}},
		{name: "ValueKeepsColonsAndCR", input: "info: host:53589\r\n\n",
			want: Message{Headers: map[string]string{"info": "host:53589\r"}, Payload: ""}},
		{name: "EmptyValue", input: "a:\n\n\n", want: Message{Headers: map[string]string{"a": ""}, Payload: ""}},
		{name: "EmptyName", input: ": x\n\n", want: Message{Headers: map[string]string{"": "x"}, Payload: ""}},
		{name: "OnlyOneTrailingNewlineStripped", input: "a: 1\n\nx\n\n\n",
			want: Message{Headers: map[string]string{"a": "1"}, Payload: "x\n\n"}},
		{name: "NoBlankLine", input: "a: 1\nb: 2\n", wantErr: "Malformed message"},
		{name: "Empty", input: "", wantErr: "Malformed message"},
		{name: "NoHeaders", input: "\n\npayload", wantErr: "Malformed message"},
		{name: "HeaderWithoutColon", input: "a: 1\nbogus\n\n", wantErr: "Malformed message header on line 2"},
		{name: "LeadingEmptyLine", input: "\na: 1\n\n", wantErr: "Malformed message header on line 1"},
		{name: "TooManyHeaders", input: strings.Repeat("a: 1\n", MaxHeaderLines+1) + "\n",
			wantErr: textTooManyHeaders},
		{name: "MaxHeaders", input: strings.Repeat("a: 1\n", MaxHeaderLines) + "\n",
			want: Message{Headers: map[string]string{"a": "1"}, Payload: ""}},
		{name: "LineTooLong", input: "a:" + strings.Repeat("x", MaxHeaderLineBytes) + "\n\n",
			wantErr: textHeaderTooLong},
		{name: "NULInFirstFourBytes", input: "a\x00: 1\n\n", want401: true},
		{name: "NULInPayloadStart", input: ":\n\n\x00", want401: true},
		{name: "NULLaterInHeaders", input: "abcd: 1\nx: \x00\n\n", want401: true},
		{name: "NULInPayloadLater", input: "abcd: 1\n\n\x00", want: Message{Headers: map[string]string{"abcd": "1"}, Payload: "\x00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseMessage([]byte(tt.input))
			switch {
			case tt.want401:
				var se *StatusError
				require.ErrorAs(t, err, &se, "ParseMessage(%q) = %v, want 401", tt.input, err)
				require.Equal(t, StatusFailure, se.Code)
				require.Equal(t, "Failure", se.Status)
			case tt.wantErr != "":
				var pe *ParseError
				require.ErrorAs(t, err, &pe, "ParseMessage(%q) = %v, want ParseError", tt.input, err)
				require.Equal(t, tt.wantErr, pe.Reason)
			default:
				require.NoError(t, err, "ParseMessage(%q)", tt.input)
				require.Equal(t, tt.want, got, "ParseMessage(%q)", tt.input)
			}
		})
	}
}

func TestMessageEncode(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		msg  Message
		want string
	}{
		{
			name: "SortedByteOrder",
			msg:  Message{Headers: map[string]string{"user": "u", "Zed": "z", "code": "200", "client": "c", "status": "Ok"}},
			want: "Zed: z\nclient: c\ncode: 200\nstatus: Ok\nuser: u\n\n\n",
		},
		{
			name: "PayloadGetsOneNewline",
			msg:  Message{Headers: map[string]string{"a": "1"}, Payload: "line1\nline2\n"},
			want: "a: 1\n\nline1\nline2\n\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, string(tt.msg.Encode()))
		})
	}
}

func TestMessageRoundTrip(t *testing.T) {
	t.Parallel()
	m, err := ParseMessage([]byte(tw262Request))
	require.NoError(t, err)
	again, err := ParseMessage(m.Encode())
	require.NoError(t, err)
	require.Equal(t, m, again)
	// Taskwarrior's headers are already canonical, so encoding reproduces its bytes exactly.
	require.Equal(t, tw262Request, string(m.Encode()))
}
