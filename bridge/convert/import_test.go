package convert_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
)

const (
	taskID = "56e0be07-c61f-494c-a54c-bdcfdd52d2a7"
	depA   = "4b7ed904-f7b0-4293-8a10-ad452422c7b3"
	depB   = "948f6c48-7c3d-4885-9b42-958369bdeeaa"
)

func TestToTaskMap(t *testing.T) {
	t.Parallel()
	bothDeps := convert.TaskMap{"dep_" + depA: "x", "dep_" + depB: "x", "depends": depA + "," + depB}
	tests := []struct {
		name string
		line string
		want convert.TaskMap
	}{
		{"DependsArray", `{"uuid":"` + taskID + `","depends":["` + depB + `","` + depA + `"]}`, bothDeps},
		{"DependsCommaString", `{"uuid":"` + taskID + `","depends":"` + depB + `,` + depA + `"}`, bothDeps},
		{"DependsTaskd110String", `{"uuid":"` + taskID + `","depends":"[\"` + depB + `\",\"` + depA + `\"]"}`, bothDeps},
		{"DependsUpperCaseAndSpaces", `{"uuid":"` + taskID + `","depends":" 4B7ED904-F7B0-4293-8A10-AD452422C7B3 , ` + depB + `,"}`, bothDeps},
		{"DependsEmpty", `{"uuid":"` + taskID + `","depends":"","tags":[]}`, convert.TaskMap{}},
		{"DependsNotUUIDKept", `{"uuid":"` + taskID + `","depends":["later"]}`, convert.TaskMap{"dep_later": "x", "depends": "later"}},
		{"TagsString", `{"uuid":"` + taskID + `","tags":"b,a"}`, convert.TaskMap{"tag_a": "x", "tag_b": "x", "tags": "a,b"}},
		{"TagsByteOrder", `{"uuid":"` + taskID + `","tags":["b","B","a","b",""]}`, convert.TaskMap{"tag_B": "x", "tag_a": "x", "tag_b": "x", "tags": "B,a,b"}},
		{"TagsNull", `{"uuid":"` + taskID + `","tags":null}`, convert.TaskMap{}},
		{
			"AnnotationCollisions",
			`{"uuid":"` + taskID + `","annotations":[{"entry":"20240102T030500Z","description":"one"},` +
				`{"entry":"20240102T030500Z","description":"two"},{"entry":"20240102T030501Z","description":"three"},` +
				`{"description":"four","entry":1704164700}]}`,
			convert.TaskMap{"annotation_1704164700": "one", "annotation_1704164701": "two", "annotation_1704164702": "three", "annotation_1704164703": "four"},
		},
		{
			"AnnotationEntryForms",
			`{"uuid":"` + taskID + `","annotations":[{"entry":"2024-01-02T03:05:00Z","description":"a"},{"entry":"2024-01-02T04:06:00+01:00","description":"b"}]}`,
			convert.TaskMap{"annotation_1704164700": "a", "annotation_1704164760": "b"},
		},
		{
			"AnnotationWithoutEntryUsesModified",
			`{"uuid":"` + taskID + `","entry":"20240102T030405Z","modified":"20240102T030406Z","annotations":[{"description":"n"}]}`,
			convert.TaskMap{"entry": "1704164645", "modified": "1704164646", "annotation_1704164646": "n"},
		},
		{
			"AnnotationWithoutEntryUsesEntry",
			`{"uuid":"` + taskID + `","entry":"20240102T030405Z","annotations":[{"description":"n","entry":null}]}`,
			convert.TaskMap{"entry": "1704164645", "annotation_1704164645": "n"},
		},
		{
			"AnnotationEmptyDropped",
			`{"uuid":"` + taskID + `","annotations":[{"entry":"20240102T030500Z","description":""}]}`,
			convert.TaskMap{},
		},
		{
			"NumbersAsSent",
			`{"uuid":"` + taskID + `","size":3.000000,"imask":0,"other":3,"half":1.5,"big":1e400,"neg":-2}`,
			convert.TaskMap{"size": "3", "imask": "0", "other": "3", "half": "1.5", "big": "1e400", "neg": "-2"},
		},
		{
			"UnicodeAndQuotes",
			`{"uuid":"` + taskID + `","description":"caf\u00e9 ✓ \"q\" a\/b\\c\nd\t😀"}`,
			convert.TaskMap{"description": "café ✓ \"q\" a/b\\c\nd\t😀"},
		},
		{
			"EmptyValuesOmitted",
			`{"uuid":"` + taskID + `","project":"","due":"","x":null,"description":"d"}`,
			convert.TaskMap{"description": "d"},
		},
		{
			"UnknownNestedJSON",
			`{"uuid":"` + taskID + `","meta":{ "a" : [1, 2], "b":"\u00e9" },"list":[ 1 , "x" ],"flag":true,"off":false}`,
			convert.TaskMap{"meta": `{"a":[1,2],"b":"\u00e9"}`, "list": `[1,"x"]`, "flag": "true", "off": "false"},
		},
		{
			"DecorationDropped",
			`{"id":4,"uuid":"` + taskID + `","urgency":9.1,"description":"d"}`,
			convert.TaskMap{"description": "d"},
		},
		{
			"ModificationIsModified",
			`{"uuid":"` + taskID + `","modification":"20240102T030405Z"}`,
			convert.TaskMap{"modified": "1704164645"},
		},
		{
			"ModifiedWinsOverModification",
			`{"modified":"20240102T030406Z","uuid":"` + taskID + `","modification":"20240102T030405Z"}`,
			convert.TaskMap{"modified": "1704164646"},
		},
		{
			"StatusWaitingIsPending",
			`{"uuid":"` + taskID + `","status":"waiting","wait":"20300101T000000Z"}`,
			convert.TaskMap{"status": "pending", "wait": "1893456000"},
		},
		{
			"DateForms",
			`{"uuid":"` + taskID + `","due":"20240102T030405Z","wait":"2024-01-02T03:04:05Z","scheduled":"2024-01-02T04:04:05+01:00",` +
				`"until":1704164645,"start":"1704164645","reviewed":"2024-01-02","end":"20240102T030405","entry":"2024-01-02T03:04:05.9Z"}`,
			convert.TaskMap{
				"due": "1704164645", "wait": "1704164645", "scheduled": "1704164645", "until": "1704164645",
				"start": "1704164645", "reviewed": "2024-01-02", "end": "1704164645", "entry": "1704164645",
			},
		},
		{
			"DateUDAOnlyISOBasic",
			`{"uuid":"` + taskID + `","reviewed":"20240102T030405Z"}`,
			convert.TaskMap{"reviewed": "1704164645"},
		},
		{
			"UnparsableDateKept",
			`{"uuid":"` + taskID + `","due":"someday","wait":1.5}`,
			convert.TaskMap{"due": "someday", "wait": "1.5"},
		},
		{
			"ReservedPrefixesDropped",
			`{"uuid":"` + taskID + `","tag_x":"x","dep_y":"x","annotation_5":"z"}`,
			convert.TaskMap{},
		},
		{
			"UpperCaseUUID",
			`{"uuid":"56E0BE07-C61F-494C-A54C-BDCFDD52D2A7"}`,
			convert.TaskMap{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			id, got, err := convert.ToTaskMap([]byte(tt.line), capturedTypes())
			require.NoError(t, err, "ToTaskMap(%s)", tt.line)
			require.Equal(t, uuid.MustParse(taskID), id)
			require.Equal(t, tt.want, got, "ToTaskMap(%s)", tt.line)
		})
	}
}

func TestToTaskMapErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		line string
		want error
	}{
		{"Empty", ``, convert.ErrSyntax},
		{"Truncated", `{"uuid":`, convert.ErrSyntax},
		{"Array", `[{"uuid":"` + taskID + `"}]`, convert.ErrSyntax},
		{"Null", `null`, convert.ErrSyntax},
		{"TrailingData", `{"uuid":"` + taskID + `"} {}`, convert.ErrSyntax},
		{"MissingUUID", `{"description":"d"}`, convert.ErrUUID},
		{"NullUUID", `{"uuid":null}`, convert.ErrUUID},
		{"NumericUUID", `{"uuid":5}`, convert.ErrUUID},
		{"InvalidUUID", `{"uuid":"not-a-uuid"}`, convert.ErrUUID},
		{"BracedUUID", `{"uuid":"{` + taskID + `}"}`, convert.ErrUUID},
		{"AnnotationsNotArray", `{"uuid":"` + taskID + `","annotations":"note"}`, convert.ErrAttribute},
		{"AnnotationNotObject", `{"uuid":"` + taskID + `","annotations":["note"]}`, convert.ErrAttribute},
		{"AnnotationMissingDescription", `{"uuid":"` + taskID + `","annotations":[{"entry":"20240102T030500Z"}]}`, convert.ErrAttribute},
		{"AnnotationNumericDescription", `{"uuid":"` + taskID + `","annotations":[{"entry":"20240102T030500Z","description":5}]}`, convert.ErrAttribute},
		{"AnnotationBadEntry", `{"uuid":"` + taskID + `","annotations":[{"entry":"soon","description":"d"}]}`, convert.ErrAttribute},
		{"AnnotationNoTimeAtAll", `{"uuid":"` + taskID + `","annotations":[{"description":"d"}]}`, convert.ErrAttribute},
		{"TagsNotStrings", `{"uuid":"` + taskID + `","tags":[1]}`, convert.ErrAttribute},
		{"TagsObject", `{"uuid":"` + taskID + `","tags":{"a":1}}`, convert.ErrAttribute},
		{"DependsNumber", `{"uuid":"` + taskID + `","depends":5}`, convert.ErrAttribute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, m, err := convert.ToTaskMap([]byte(tt.line), capturedTypes())
			require.ErrorIs(t, err, tt.want, "ToTaskMap(%s)", tt.line)
			require.Nil(t, m)
		})
	}
}

func TestToTaskMapAtNow(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	line := []byte(`{"uuid":"` + taskID + `","annotations":[{"description":"a"},{"description":"b"}]}`)
	_, m, err := convert.ToTaskMapAt(line, capturedTypes(), now)
	require.NoError(t, err)
	require.Equal(t, convert.TaskMap{"annotation_1704164645": "a", "annotation_1704164646": "b"}, m)
}
