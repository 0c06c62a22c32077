package convert_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
)

func TestTypesOf(t *testing.T) {
	t.Parallel()
	base := convert.NewTypes(map[string]convert.Type{"size": convert.Numeric})
	more := base.WithUDA("reviewed", convert.Date).WithUDA("due", convert.Numeric)
	tests := []struct {
		name  string
		types convert.Types
		key   string
		want  convert.Type
	}{
		{"BuiltinDate", convert.Types{}, "wait", convert.Date},
		{"BuiltinNumeric", convert.Types{}, "imask", convert.Numeric},
		{"BuiltinString", convert.Types{}, "recur", convert.String},
		{"UnknownIsString", convert.Types{}, "size", convert.String},
		{"UDA", base, "size", convert.Numeric},
		{"WithUDA", more, "reviewed", convert.Date},
		{"WithUDALeavesOriginal", base, "reviewed", convert.String},
		{"BuiltinWinsOverUDA", more, "due", convert.Date},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, tt.types.Of(tt.key), "Of(%q)", tt.key)
		})
	}
}

func TestNewTypesCopiesMap(t *testing.T) {
	t.Parallel()
	udas := map[string]convert.Type{"size": convert.Numeric}
	types := convert.NewTypes(udas)
	udas["size"] = convert.Date
	require.Equal(t, convert.Numeric, types.Of("size"))
}

func TestParseType(t *testing.T) {
	t.Parallel()
	for _, typ := range []convert.Type{convert.String, convert.Date, convert.Numeric, convert.Duration} {
		got, err := convert.ParseType(typ.String())
		require.NoError(t, err)
		require.Equal(t, typ, got)
	}
	_, err := convert.ParseType("color")
	require.Error(t, err)
}
