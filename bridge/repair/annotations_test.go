package repair_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/repair"
	"github.com/taskgate/taskgate/champion/codec"
)

func TestIsAnnotationClash(t *testing.T) {
	t.Parallel()
	sec := func(s int64, ms int64) time.Time { return time.Unix(s, ms*int64(time.Millisecond)) }
	tests := []struct {
		name            string
		key, old, value string
		oldAt, at       time.Time
		want            bool
	}{
		{"SameSecond", "annotation_100", "a", "b", sec(100, 0), sec(100, 700), true},
		{"MovedKeyOneSecondLater", "annotation_101", "a", "b", sec(100, 0), sec(100, 900), true},
		{"EditLater", "annotation_100", "a", "b", sec(100, 0), sec(105, 0), false},
		{"OldEditedLater", "annotation_100", "a", "b", sec(103, 0), sec(100, 500), false},
		{"SameText", "annotation_100", "a", "a", sec(100, 0), sec(100, 0), false},
		{"Removal", "annotation_100", "a", "", sec(100, 0), sec(100, 0), false},
		{"NotAnnotation", "description", "a", "b", sec(100, 0), sec(100, 0), false},
		{"BadKey", "annotation_x", "a", "b", sec(100, 0), sec(100, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, repair.IsAnnotationClash(tt.key, tt.old, tt.oldAt, tt.value, tt.at))
		})
	}
}

// TestPlaceAnnotations: the text that sorts first keeps the key, the other takes the next free
// second, whichever order the clash comes in; a text already elsewhere stays there.
func TestPlaceAnnotations(t *testing.T) {
	t.Parallel()
	m := codec.TaskMap{"annotation_100": "from C", "annotation_101": "older", "description": "x"}
	for _, texts := range [][2]string{{"from C", "from A"}, {"from A", "from C"}} {
		got := repair.PlaceAnnotations(m, repair.Clash{Key: "annotation_100", Texts: texts})
		require.Equal(t, map[string]string{"annotation_100": "from A", "annotation_102": "from C"}, got)
	}
	also := codec.TaskMap{"annotation_102": "client's own"}
	got := repair.PlaceAnnotations(m, repair.Clash{Key: "annotation_100", Texts: [2]string{"from C", "from A"}}, also)
	require.Equal(t, map[string]string{"annotation_100": "from A", "annotation_103": "from C"}, got)

	placed := codec.TaskMap{"annotation_100": "from C", "annotation_101": "from A"}
	got = repair.PlaceAnnotations(placed, repair.Clash{Key: "annotation_100", Texts: [2]string{"from C", "from A"}})
	require.Equal(t, map[string]string{"annotation_100": "from C"}, got, "a text already kept stays where it is")
	require.Nil(t, repair.PlaceAnnotations(m, repair.Clash{Key: "due", Texts: [2]string{"a", "b"}}))
}
