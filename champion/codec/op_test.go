package codec_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

const uA = "56e0be07-c61f-494c-a54c-bdcfdd52d2a7"

func TestOpJSONGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		op   codec.Op
		json string
	}{
		{"create", codec.Create(idA), `{"Create":{"uuid":"` + uA + `"}}`},
		{"delete", codec.Delete(idA), `{"Delete":{"uuid":"` + uA + `"}}`},
		{"update 0 digits", codec.Set(idA, "description", "buy milk", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)),
			`{"Update":{"uuid":"` + uA + `","property":"description","value":"buy milk","timestamp":"2024-01-02T03:04:05Z"}}`},
		{"update 3 digits", codec.Set(idA, "p", "v", time.Date(2024, 1, 2, 3, 4, 5, 120_000_000, time.UTC)),
			`{"Update":{"uuid":"` + uA + `","property":"p","value":"v","timestamp":"2024-01-02T03:04:05.120Z"}}`},
		{"update 6 digits", codec.Set(idA, "p", "v", time.Date(2024, 1, 2, 3, 4, 5, 123_456_000, time.UTC)),
			`{"Update":{"uuid":"` + uA + `","property":"p","value":"v","timestamp":"2024-01-02T03:04:05.123456Z"}}`},
		{"update 9 digits", codec.Set(idA, "p", "v", time.Date(2024, 1, 2, 3, 4, 5, 123_456_780, time.UTC)),
			`{"Update":{"uuid":"` + uA + `","property":"p","value":"v","timestamp":"2024-01-02T03:04:05.123456780Z"}}`},
		{"remove", codec.Remove(idA, "wait", time.Date(2024, 1, 2, 3, 4, 6, 0, time.UTC)),
			`{"Update":{"uuid":"` + uA + `","property":"wait","value":null,"timestamp":"2024-01-02T03:04:06Z"}}`},
		{"empty value is not removal", codec.Set(idA, "p", "", time.Date(2024, 1, 2, 3, 4, 6, 0, time.UTC)),
			`{"Update":{"uuid":"` + uA + `","property":"p","value":"","timestamp":"2024-01-02T03:04:06Z"}}`},
		{"escapes", codec.Set(idA, "annotation_1", "\"q\" \\ <&> \n\t\x01 café ✓ \u2028", time.Date(2024, 1, 2, 3, 4, 6, 0, time.UTC)),
			`{"Update":{"uuid":"` + uA + `","property":"annotation_1","value":"\"q\" \\ <&> \n\t\u0001 café ✓ ` + "\u2028" + `","timestamp":"2024-01-02T03:04:06Z"}}`},
		{"local time stored as UTC", codec.Set(idA, "p", "v", time.Date(2024, 1, 2, 5, 4, 5, 0, time.FixedZone("x", 7200))),
			`{"Update":{"uuid":"` + uA + `","property":"p","value":"v","timestamp":"2024-01-02T03:04:05Z"}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := tc.op.MarshalJSON()
			require.NoError(t, err)
			require.Equal(t, tc.json, string(got))
			// encoding/json re-escapes HTML characters but keeps the meaning.
			viaStd, err := json.Marshal(tc.op)
			require.NoError(t, err)
			require.JSONEq(t, tc.json, string(viaStd))
			var back codec.Op
			require.NoError(t, json.Unmarshal([]byte(tc.json), &back))
			require.Equal(t, tc.op, back)
		})
	}
}

func TestOpDecodeTimestamps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-01-02T03:04:05Z", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
		{"2024-01-02T03:04:05.1Z", time.Date(2024, 1, 2, 3, 4, 5, 100_000_000, time.UTC)},
		{"2024-01-02T03:04:05.123Z", time.Date(2024, 1, 2, 3, 4, 5, 123_000_000, time.UTC)},
		{"2024-01-02T03:04:05.123456Z", time.Date(2024, 1, 2, 3, 4, 5, 123_456_000, time.UTC)},
		{"2024-01-02T03:04:05.123456789Z", time.Date(2024, 1, 2, 3, 4, 5, 123_456_789, time.UTC)},
		{"2024-01-02T03:04:05.1234567891Z", time.Date(2024, 1, 2, 3, 4, 5, 123_456_789, time.UTC)},
		{"2024-01-02T05:04:05+02:00", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
		{"2024-01-01T22:34:05.5-04:30", time.Date(2024, 1, 2, 3, 4, 5, 500_000_000, time.UTC)},
		{"2024-01-02T03:04:05+00:00", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
		{"2024-01-02t03:04:05z", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			var op codec.Op
			in := `{"Update":{"uuid":"` + uA + `","property":"p","value":"v","timestamp":"` + tc.in + `"}}`
			require.NoError(t, json.Unmarshal([]byte(in), &op))
			require.Equal(t, tc.want, op.Timestamp)
			require.Equal(t, time.UTC, op.Timestamp.Location())
		})
	}
}

func TestOpDecodeLenient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want codec.Op
	}{
		{"missing value is null", `{"Update":{"uuid":"` + uA + `","property":"p","timestamp":"2024-01-02T03:04:05Z"}}`,
			codec.Remove(idA, "p", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))},
		{"unknown inner fields ignored", `{"Create":{"uuid":"` + uA + `","old_task":{}}}`, codec.Create(idA)},
		{"member order free", `{"Update":{"timestamp":"2024-01-02T03:04:05Z","value":"v","property":"p","uuid":"` + uA + `"}}`,
			codec.Set(idA, "p", "v", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))},
		{"whitespace", " { \"Delete\" : { \"uuid\" : \"" + uA + "\" } } ", codec.Delete(idA)},
		{"uuid without hyphens", `{"Delete":{"uuid":"56e0be07c61f494ca54cbdcfdd52d2a7"}}`, codec.Delete(idA)},
		{"upper-case uuid", `{"Delete":{"uuid":"56E0BE07-C61F-494C-A54C-BDCFDD52D2A7"}}`, codec.Delete(idA)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var op codec.Op
			require.NoError(t, json.Unmarshal([]byte(tc.in), &op))
			require.Equal(t, tc.want, op)
		})
	}
}

func TestOpDecodeRejects(t *testing.T) {
	t.Parallel()
	upd := func(fields string) string { return `{"Update":{"uuid":"` + uA + `",` + fields + `}}` }
	tests := []struct {
		name, in, msg string
	}{
		{"null", `null`, "expected"},
		{"array", `[]`, "expected"},
		{"string", `"Create"`, "expected"},
		{"empty object", `{}`, "exactly one variant key"},
		{"two variants", `{"Create":{"uuid":"` + uA + `"},"Delete":{"uuid":"` + uA + `"}}`, "exactly one variant key"},
		{"duplicate variant", `{"Create":{"uuid":"` + uA + `"},"Create":{"uuid":"` + uA + `"}}`, "duplicate key"},
		{"unknown variant", `{"UndoPoint":{}}`, "unknown variant"},
		{"variant case", `{"create":{"uuid":"` + uA + `"}}`, "unknown variant"},
		{"variant not object", `{"Create":"` + uA + `"}`, "expected"},
		{"missing uuid", `{"Create":{}}`, "missing uuid"},
		{"null uuid", `{"Delete":{"uuid":null}}`, "missing uuid"},
		{"uuid case", `{"Delete":{"UUID":"` + uA + `"}}`, "missing uuid"},
		{"bad uuid", `{"Delete":{"uuid":"not-a-uuid"}}`, "uuid"},
		{"numeric uuid", `{"Delete":{"uuid":5}}`, "must be a string"},
		{"duplicate uuid", `{"Delete":{"uuid":"` + uA + `","uuid":"` + uA + `"}}`, "duplicate key"},
		{"missing property", upd(`"value":"v","timestamp":"2024-01-02T03:04:05Z"`), "missing property"},
		{"null property", upd(`"property":null,"value":"v","timestamp":"2024-01-02T03:04:05Z"`), "missing property"},
		{"numeric value", upd(`"property":"p","value":1,"timestamp":"2024-01-02T03:04:05Z"`), "value must be a string"},
		{"missing timestamp", upd(`"property":"p","value":"v"`), "missing timestamp"},
		{"bad timestamp", upd(`"property":"p","value":"v","timestamp":"yesterday"`), "not RFC 3339"},
		{"no zone", upd(`"property":"p","value":"v","timestamp":"2024-01-02T03:04:05"`), "not RFC 3339"},
		{"comma fraction", upd(`"property":"p","value":"v","timestamp":"2024-01-02T03:04:05,5Z"`), "not RFC 3339"},
		{"space separator", upd(`"property":"p","value":"v","timestamp":"2024-01-02 03:04:05Z"`), "not RFC 3339"},
		{"epoch number", upd(`"property":"p","value":"v","timestamp":1704164645`), "must be a string"},
		{"year underflow", upd(`"property":"p","value":"v","timestamp":"0000-01-01T00:00:00+01:00"`), "outside years"},
		{"trailing data", `{"Delete":{"uuid":"` + uA + `"}} x`, "after top-level value"},
		{"invalid utf8", "{\"Update\":{\"uuid\":\"" + uA + "\",\"property\":\"p\xff\",\"value\":\"v\",\"timestamp\":\"2024-01-02T03:04:05Z\"}}", "UTF-8"},
		{"truncated", `{"Delete":{"uuid":"` + uA + `"}`, "unexpected end of JSON input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			op := codec.Create(idB)
			err := op.UnmarshalJSON([]byte(tc.in))
			require.ErrorIs(t, err, codec.ErrInvalidOp)
			require.ErrorContains(t, err, tc.msg)
			require.Equal(t, codec.Create(idB), op, "unchanged on error")
		})
	}
}

func TestOpEncodeRejects(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name string
		op   codec.Op
	}{
		{"zero op", codec.Op{}},
		{"unknown kind", codec.Op{Kind: 9, UUID: idA}},
		{"invalid utf8 value", codec.Set(idA, "p", "\xff", now)},
		{"invalid utf8 property", codec.Set(idA, "p\xc3", "v", now)},
		{"year 10000", codec.Set(idA, "p", "v", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))},
		{"negative year", codec.Set(idA, "p", "v", time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := json.Marshal(tc.op)
			require.ErrorIs(t, err, codec.ErrInvalidOp)
			_, err = codec.EncodeSegment([]codec.Op{codec.Create(idA), tc.op})
			require.ErrorIs(t, err, codec.ErrInvalidSegment)
			require.ErrorIs(t, err, codec.ErrInvalidOp)
		})
	}
}

func TestUpdateCopiesAndNormalises(t *testing.T) {
	t.Parallel()
	v := "a"
	local := time.Date(2024, 1, 2, 5, 4, 5, 0, time.FixedZone("x", 7200))
	op := codec.Update(idA, "p", &v, local)
	v = "b"
	require.Equal(t, "a", *op.Value)
	require.Equal(t, time.UTC, op.Timestamp.Location())
	require.True(t, op.Timestamp.Equal(local))
	now := codec.Set(idA, "p", "v", time.Now())
	require.Equal(t, now.Timestamp.Round(0), now.Timestamp, "no monotonic reading")
}

func TestOpKindString(t *testing.T) {
	t.Parallel()
	require.Equal(t, "Create", codec.OpCreate.String())
	require.Equal(t, "Delete", codec.OpDelete.String())
	require.Equal(t, "Update", codec.OpUpdate.String())
	require.Equal(t, "OpKind(invalid)", codec.OpKind(0).String())
}
