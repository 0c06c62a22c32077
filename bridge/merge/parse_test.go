package merge_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
)

func TestParseUploadLine(t *testing.T) {
	t.Parallel()
	id := `"uuid":"` + task1.String() + `"`
	tests := []struct {
		name string
		line string
		want int64
	}{
		{"Modified", `{"description":"d","entry":"20240101T000000Z","modified":"20240102T000000Z",` + id + `}`, 1704153600},
		{"EndWithoutModified", `{"description":"d","end":"20240103T000000Z","entry":"20240101T000000Z",` + id + `}`, 1704240000},
		{"StartWithoutModified", `{"description":"d","entry":"20240101T000000Z","start":"20240104T000000Z",` + id + `}`, 1704326400},
		{"EntryOnly", `{"description":"d","entry":"20240101T000000Z",` + id + `}`, 1704067200},
		{"Modification", `{"description":"d","modification":"20240105T000000Z",` + id + `}`, 1704412800},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := parseOne([]byte(tt.line))
			require.NoError(t, err)
			require.Equal(t, task1, v.UUID)
			require.Equal(t, at(tt.want), v.Modified, "Modified of %q", tt.line)
		})
	}
}

func TestParseUploadLineWithoutTimes(t *testing.T) {
	t.Parallel()
	v, err := parseOne([]byte(`{"description":"d","modified":"later","uuid":"` + task1.String() + `"}`))
	require.NoError(t, err)
	require.True(t, v.Modified.IsZero())
	v, err = parseOne([]byte(`{"description":"d","modified":"99999999999999","uuid":"` + task1.String() + `"}`))
	require.NoError(t, err)
	require.True(t, v.Modified.IsZero(), "a date past year 9999 is no edit time")
}

func TestParseUploadErrors(t *testing.T) {
	t.Parallel()
	good := []byte(`{"description":"d","uuid":"` + task1.String() + `"}`)
	tests := []struct {
		name string
		line string
		want error
	}{
		{"NotJSON", `sync-key`, convert.ErrSyntax},
		{"NoUUID", `{"description":"d"}`, convert.ErrUUID},
		{"BadAnnotations", `{"annotations":3,"uuid":"` + task1.String() + `"}`, convert.ErrAttribute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := merge.ParseUpload([][]byte{good, []byte(tt.line)}, convert.Types{})
			require.ErrorIs(t, err, tt.want)
			require.ErrorContains(t, err, "task line 2")
		})
	}
}

// TestParseUploadKeepsUndeclaredValues: a value shaped like a date or a number in a UDA the
// account did not declare is read as written; a declared date in ISO basic form is converted.
func TestParseUploadKeepsUndeclaredValues(t *testing.T) {
	t.Parallel()
	lines := [][]byte{
		[]byte(`{"description":"a","ref":"20300101T000000Z","uuid":"` + task1.String() + `"}`),
		[]byte(`{"description":"b","ref":"12345","reviewed":"20300101T000000Z","uuid":"` + task2.String() + `"}`),
	}
	up, err := merge.ParseUpload(lines, convert.NewTypes(map[string]convert.Type{"reviewed": convert.Date}))
	require.NoError(t, err)
	require.Equal(t, "20300101T000000Z", up.Versions[0].Task["ref"])
	require.Equal(t, "12345", up.Versions[1].Task["ref"])
	require.Equal(t, "1893456000", up.Versions[1].Task["reviewed"])
}
