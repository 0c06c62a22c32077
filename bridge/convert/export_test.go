package convert_test

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
)

func TestToJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		m    convert.TaskMap
		opts convert.Options
		want string
	}{
		{
			// taskchampion.md §5.4, without the id and urgency decoration.
			name: "WorkedExample",
			m: convert.TaskMap{
				"description": "buy milk", "entry": "1704164645", "modified": "1704164645", "status": "pending",
				"project": "errands", "priority": "H", "due": "1704240000",
				"tag_home": "x", "tags": "home", "annotation_1704164700": "ask for lactose free",
				"dep_" + depA: "x", "depends": depA,
			},
			want: `{"description":"buy milk","due":"20240103T000000Z","entry":"20240102T030405Z",` +
				`"modified":"20240102T030405Z","priority":"H","project":"errands","status":"pending",` +
				`"uuid":"` + taskID + `",` +
				`"annotations":[{"entry":"20240102T030500Z","description":"ask for lactose free"}],` +
				`"tags":["home"],"depends":["` + depA + `"]}`,
		},
		{
			name: "DependsAsString",
			m:    convert.TaskMap{"dep_" + depB: "x", "dep_" + depA: "", "depends": "stale"},
			opts: convert.Options{DependsAsString: true},
			want: `{"uuid":"` + taskID + `","depends":"` + depA + `,` + depB + `"}`,
		},
		{
			name: "AnyTagValueIsTagged",
			m:    convert.TaskMap{"tag_b": "", "tag_a": "x", "tag_": "x", "tags": "stale"},
			want: `{"uuid":"` + taskID + `","tags":["a","b"]}`,
		},
		{
			name: "NumericValues",
			m:    convert.TaskMap{"size": "3.000000", "imask": "abc", "last": "1e5", "other": "3"},
			want: `{"imask":"abc","last":1e5,"other":"3","size":3.000000,"uuid":"` + taskID + `"}`,
		},
		{
			name: "DatesThatAreNotEpochs",
			m:    convert.TaskMap{"due": "someday", "wait": "253402300800", "until": "-62135596800", "reviewed": "0"},
			want: `{"due":"someday","reviewed":"19700101T000000Z","until":"00010101T000000Z","uuid":"` + taskID + `","wait":"253402300800"}`,
		},
		{
			name: "EmptyValuesSkipped",
			m:    convert.TaskMap{"project": "", "due": "", "description": "d", "annotation_1704164700": ""},
			want: `{"description":"d","uuid":"` + taskID + `"}`,
		},
		{
			name: "Escaping",
			m: convert.TaskMap{
				"description": "a/b \"q\" \\ \b\f\n\r\t\x01\x7f é \xff",
				"effort":      "P/T\"",
				"k\"ey":       "v",
			},
			want: `{"description":"a\/b \"q\" \\ \b\f\n\r\t\u0001` + "\x7f" + ` é \ufffd","effort":"P/T\"",` +
				`"k\"ey":"v","uuid":"` + taskID + `"}`,
		},
		{
			name: "AnnotationsByEntryTime",
			m: convert.TaskMap{
				"annotation_1000000000": "later", "annotation_999999999": "earlier",
				"annotation_soon": "no entry", "annotation_": "none",
			},
			want: `{"uuid":"` + taskID + `","annotations":[{"entry":"20010909T014639Z","description":"earlier"},` +
				`{"entry":"20010909T014640Z","description":"later"}]}`,
		},
		{
			name: "UUIDFromArgument",
			m:    convert.TaskMap{"uuid": depA, "annotations": "x"},
			want: `{"uuid":"` + taskID + `"}`,
		},
		{
			name: "NestedJSONInUDA",
			m:    convert.TaskMap{"meta": `{"a":[1,2]}`},
			want: `{"meta":"{\"a\":[1,2]}","uuid":"` + taskID + `"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := convert.ToJSON(uuid.MustParse(taskID), tt.m, capturedTypes(), tt.opts)
			require.NoError(t, err)
			require.True(t, json.Valid(got), "ToJSON(%v) = %s, not JSON", tt.m, got)
			require.Equal(t, tt.want, string(got), "ToJSON(%v)", tt.m)
		})
	}
}

// TestTaskwarrior26Line converts the first backlog line quoted in taskd.md §6.4, which has a
// "/" in its description, and expects Taskwarrior's bytes back.
func TestTaskwarrior26Line(t *testing.T) {
	t.Parallel()
	line := `{"description":"First \"quoted\" a\/b task","due":"20300102T000000Z","entry":"20261122T151429Z",` +
		`"estimate":3,"modified":"20261122T151429Z","priority":"H","project":"Home.Garden","reviewed":"20220101T000000Z",` +
		`"size":"L","spent":"PT2H","status":"pending","uuid":"948f6c48-7c3d-4885-9b42-958369bdeeaa","tags":["home","x"]}`
	types := convert.NewTypes(map[string]convert.Type{
		"estimate": convert.Numeric, "size": convert.String, "reviewed": convert.Date, "spent": convert.Duration,
	})
	id, m, err := convert.ToTaskMap([]byte(line), types)
	require.NoError(t, err)
	require.Equal(t, "First \"quoted\" a/b task", m["description"])
	got, err := convert.ToJSON(id, m, types, convert.Options{})
	require.NoError(t, err)
	require.Equal(t, line, string(got))
}
