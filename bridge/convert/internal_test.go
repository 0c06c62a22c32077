package convert

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestIsJSONNumber(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"0": true, "-0": true, "3": true, "3.000000": true, "1.5": true, "1e5": true, "1E+5": true,
		"-2.5e-3": true, "": false, "-": false, "01": false, "1.": false, ".5": false, "1e": false,
		"1e+": false, "+1": false, " 1": false, "1 ": false, "0x1": false, "NaN": false, "1.5.5": false,
	}
	for s, want := range tests {
		require.Equal(t, want, isJSONNumber(s), "isJSONNumber(%q)", s)
	}
}

func TestDateText(t *testing.T) {
	t.Parallel()
	tests := []struct{ epoch, iso string }{
		{"0", "19700101T000000Z"},
		{"1704164645", "20240102T030405Z"},
		{"-1", "19691231T235959Z"},
		{"-62135596800", "00010101T000000Z"},
		{"253402300799", "99991231T235959Z"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.iso, isoText(tt.epoch), "isoText(%q)", tt.epoch)
		require.Equal(t, tt.epoch, epochText(tt.iso), "epochText(%q)", tt.iso)
	}
	for _, s := range []string{"", "x", "1.5", "253402300800", "-62135596801", "99999999999999999999"} {
		require.Equal(t, s, isoText(s), "isoText(%q)", s)
	}
	require.Equal(t, "1704164645", epochText("+01704164645"))
}

func TestCanonicalNumber(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"7.000000": "7", "1.500000": "1.5", "3": "3", "-2.50": "-2.5", "0.000": "0", "-0.0": "0",
		"1e3": "1e3", "10": "10", "100.0": "100", "abc": "abc",
	} {
		if got := canonicalNumber(in); got != want {
			t.Errorf("canonicalNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzObjectMembers: the members split without copies are those json.Unmarshal decodes into a
// map, for every valid JSON object.
func FuzzObjectMembers(f *testing.F) {
	for _, seed := range []string{`{}`, `{"a":1,"b":"x\"}","c":[1,{"d":"]"}],"a":null}`, ` { "k\u00e9" : true , "\n":{} } `,
		"{\"\xff\":\"\xfe\",\"n\":-1.5e3}", `{"a":{"b":{"c":[[],[{}]]}},"z":"\\"}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = bytes.TrimSpace(data)
		if len(data) == 0 || data[0] != '{' || !json.Valid(data) {
			return
		}
		var want map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(data, &want))
		got, err := objectMembers(data)
		require.NoError(t, err)
		require.Equal(t, want, got)
	})
}

// FuzzTaskUUID: the uuid read alone is the one ToTaskMap reads, and a line TaskUUID refuses is
// refused by ToTaskMap with the same error.
func FuzzTaskUUID(f *testing.F) {
	for _, seed := range []string{`{"uuid":"0b1c3f5e-8a2d-4e6f-9c71-5d2a8b4e6f10","description":"x"}`, `{"uuid":"x"}`,
		`{"uu\u0069d":"0b1c3f5e-8a2d-4e6f-9c71-5d2a8b4e6f10"}`, `{"uuid":"0b1c3f5e-8a2d-4e6f-9c71-5d2a8b4e6f1\u0030"}`,
		`{"uuid":"0b1c3f5e-8a2d-4e6f-9c71-5d2a8b4e6f10","uuid":"bad"}`, `[1]`, `{`, `{"UUID":"0b1c3f5e-8a2d-4e6f-9c71-5d2a8b4e6f10"}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		id, err := TaskUUID(line)
		full, _, fullErr := ToTaskMap(line, Types{})
		if err != nil {
			require.Error(t, fullErr)
			require.Equal(t, err.Error(), fullErr.Error())
			return
		}
		if fullErr == nil {
			require.Equal(t, full, id)
		}
	})
}
