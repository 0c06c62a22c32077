package convert_test

import (
	"maps"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
)

func change(prop, value string) convert.Change { return convert.Change{Property: prop, Value: &value} }

func TestDiff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		before, after convert.TaskMap
		want          []convert.Change
	}{
		{"Equal", convert.TaskMap{"a": "1"}, convert.TaskMap{"a": "1"}, nil},
		{"BothEmpty", nil, convert.TaskMap{}, nil},
		{"FromNothing", nil, convert.TaskMap{"b": "2", "a": "1"}, []convert.Change{change("a", "1"), change("b", "2")}},
		{"ToNothing", convert.TaskMap{"b": "2", "a": "1"}, nil, []convert.Change{{Property: "a"}, {Property: "b"}}},
		{
			"Mixed",
			convert.TaskMap{"description": "old", "tag_a": "x", "project": "p", "due": "1"},
			convert.TaskMap{"description": "new", "tag_b": "x", "project": "p", "due": ""},
			[]convert.Change{change("description", "new"), change("due", ""), {Property: "tag_a"}, change("tag_b", "x")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := convert.Diff(tt.before, tt.after)
			require.Equal(t, tt.want, got, "Diff(%v, %v)", tt.before, tt.after)
			before := maps.Clone(tt.before)
			applied := convert.Apply(tt.before, got)
			require.Equal(t, before, tt.before, "Apply must not modify its input")
			if len(tt.after) == 0 {
				require.Empty(t, applied)
			} else {
				require.Equal(t, tt.after, applied)
			}
		})
	}
}
