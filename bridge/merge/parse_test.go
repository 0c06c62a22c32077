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

func TestLearnTypes(t *testing.T) {
	t.Parallel()
	known := convert.NewTypes(map[string]convert.Type{"size": convert.Numeric})
	tests := []struct {
		name  string
		lines []string
		want  map[string]convert.Type
	}{
		{"Nothing", []string{`{"description":"20300101T000000Z","estimate":"1h"}`}, nil},
		{"DateAndNumber", []string{`{"reviewed":"20300101T000000Z","points":3,"note":"x"}`},
			map[string]convert.Type{"reviewed": convert.Date, "points": convert.Numeric}},
		{"KnownTypeKept", []string{`{"size":"20300101T000000Z"}`}, nil},
		{"FirstLineWins", []string{`{"points":3}`, `{"points":"20300101T000000Z"}`},
			map[string]convert.Type{"points": convert.Numeric}},
		{"OwnAttributesSkipped", []string{`{"id":3,"urgency":4.5,"imask":1,"priority":1,"tag_x":1}`}, nil},
		{"BadLineSkipped", []string{`{`, `{"points":3}`}, map[string]convert.Type{"points": convert.Numeric}},
		{"NullIgnored", []string{`{"points":null}`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lines := make([][]byte, len(tt.lines))
			for i, l := range tt.lines {
				lines[i] = []byte(l)
			}
			require.Equal(t, tt.want, merge.LearnTypes(lines, known), "LearnTypes(%q)", tt.lines)
		})
	}
}

// TestParseUploadUsesLearnedTypes: a UDA date learned from a later line is read as a
// date in an earlier line too.
func TestParseUploadUsesLearnedTypes(t *testing.T) {
	t.Parallel()
	lines := [][]byte{
		[]byte(`{"description":"a","reviewed":"2030-01-01T00:00:00Z","uuid":"` + task1.String() + `"}`),
		[]byte(`{"description":"b","reviewed":"20300101T000000Z","uuid":"` + task2.String() + `"}`),
	}
	up, err := merge.ParseUpload(lines, convert.Types{})
	require.NoError(t, err)
	require.Equal(t, map[string]convert.Type{"reviewed": convert.Date}, up.Learned)
	require.Equal(t, "1893456000", up.Versions[0].Task["reviewed"])
	require.Equal(t, "1893456000", up.Versions[1].Task["reviewed"])
}
