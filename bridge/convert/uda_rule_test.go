package convert_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
)

// udaCase is one value of the UDA "ref" under one declared type: as a 2.x client writes it
// (JSON), as the task map holds it, and as it is written back to a 2.x client (JSON).
type udaCase struct {
	typ             *convert.Type
	in, mapped, out string
}

func declared(t convert.Type) *convert.Type { return &t }

// TestUDAValueRule: a value is converted only when its UDA is declared a date and the value is
// well-formed; everything else reaches the other side as written, and every value converts back
// to the text it came from. typ nil is an undeclared UDA.
func TestUDAValueRule(t *testing.T) {
	t.Parallel()
	str, date, num, dur := declared(convert.String), declared(convert.Date), declared(convert.Numeric), declared(convert.Duration)
	var cases []udaCase
	for _, typ := range []*convert.Type{nil, str, num, dur} {
		for _, v := range []string{"20270101T000000Z", "12345", "0042", "2027-06-30", "1798761600", "PT2H", "a/b", "-0"} {
			out := q(v)
			if typ == num && (v == "12345" || v == "1798761600" || v == "-0") {
				out = v // a declared number that is a JSON number is written bare
			}
			cases = append(cases, udaCase{typ, q(v), v, out})
		}
	}
	cases = append(cases,
		// A declared date: ISO basic to epoch seconds and back; any other text as written.
		udaCase{date, q("20270101T000000Z"), "1798761600", q("20270101T000000Z")},
		udaCase{date, q("19700101T000042Z"), "42", q("19700101T000042Z")},
		udaCase{date, q("19691231T235959Z"), "-1", q("19691231T235959Z")},
		udaCase{date, q("1798761600"), "1798761600", q("20270101T000000Z")},
		udaCase{date, q("0042"), "0042", q("0042")},
		udaCase{date, q("+42"), "+42", q("+42")},
		udaCase{date, q("-0"), "-0", q("-0")},
		udaCase{date, q("2027-06-30"), "2027-06-30", q("2027-06-30")},
		udaCase{date, q("20270230T000000Z"), "20270230T000000Z", q("20270230T000000Z")},
		udaCase{date, q("20270101T000000"), "20270101T000000", q("20270101T000000")},
		udaCase{date, q("soon"), "soon", q("soon")},
		udaCase{date, q("99999999999999"), "99999999999999", q("99999999999999")},
		// A number a 2.x client writes bare is kept as its canonical decimal text, written back
		// bare when declared numeric and as a string otherwise.
		udaCase{num, "7.000000", "7", "7"},
		udaCase{num, "12345", "12345", "12345"},
		udaCase{nil, "7.500", "7.5", q("7.5")},
		udaCase{str, "1e3", "1e3", q("1e3")},
		udaCase{date, "42", "42", q("19700101T000042Z")},
	)
	for _, c := range cases {
		name := "undeclared"
		if c.typ != nil {
			name = c.typ.String()
		}
		t.Run(fmt.Sprintf("%s/%s", name, c.in), func(t *testing.T) {
			t.Parallel()
			types := convert.Types{}
			if c.typ != nil {
				types = types.WithUDA("ref", *c.typ)
			}
			line := []byte(`{"uuid":"` + taskID + `","ref":` + c.in + `}`)
			id, m, err := convert.ToTaskMap(line, types)
			require.NoError(t, err)
			require.Equal(t, c.mapped, m["ref"], "task map value of %s", c.in)
			out, err := convert.ToJSON(id, m, types, convert.Options{})
			require.NoError(t, err)
			var back map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(out, &back))
			require.Equal(t, c.out, unescapeSlash(string(back["ref"])), "2.x value of %q", c.mapped)
		})
	}
}

// q returns s as a JSON string.
func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// unescapeSlash undoes the "\/" escape Taskwarrior (and ToJSON) write for "/".
func unescapeSlash(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) == nil {
		if str, ok := v.(string); ok {
			return q(str)
		}
	}
	return s
}

// FuzzUndeclaredUDARoundTrip: any string value of a UDA the account has not declared goes from
// a 2.x upload into the task map a 3.x client reads, and from there back to a 2.x client,
// unchanged.
func FuzzUndeclaredUDARoundTrip(f *testing.F) {
	for _, seed := range []string{"20270101T000000Z", "12345", "0042", "2027-06-30", "7.000000",
		"PT2H", "a\\/b\n\"c\"", "\u2028\x00\x7f", "  spaced  "} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		raw, err := json.Marshal(value)
		require.NoError(t, err)
		var sent string // what the 2.x client means: invalid UTF-8 cannot be in its JSON
		require.NoError(t, json.Unmarshal(raw, &sent))
		for _, types := range []convert.Types{{}, capturedTypes()} {
			line := []byte(`{"uuid":"` + taskID + `","ref":` + string(raw) + `}`)
			id, m, err := convert.ToTaskMap(line, types)
			require.NoError(t, err)
			if sent == "" {
				require.NotContains(t, m, "ref", "an empty value is unset")
				continue
			}
			require.Equal(t, sent, m["ref"], "the task map value of %q", sent)
			out, err := convert.ToJSON(id, m, types, convert.Options{})
			require.NoError(t, err)
			var back map[string]any
			require.NoError(t, json.Unmarshal(out, &back), "%s", out)
			require.Equal(t, sent, back["ref"], "the 2.x value after 2.x -> 3.x -> 2.x, in %s", out)
		}
	})
}
