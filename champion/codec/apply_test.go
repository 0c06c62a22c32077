package codec_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

func TestApply(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name    string
		before  codec.Tasks
		op      codec.Op
		after   codec.Tasks
		wantErr error
	}{
		{"create", codec.Tasks{}, codec.Create(idA), codec.Tasks{idA: {}}, nil},
		{"create existing", codec.Tasks{idA: {"a": "1"}}, codec.Create(idA), codec.Tasks{idA: {"a": "1"}}, codec.ErrTaskExists},
		{"create into nil", nil, codec.Create(idA), nil, codec.ErrNilTasks},
		{"delete", codec.Tasks{idA: {"a": "1"}, idB: {}}, codec.Delete(idA), codec.Tasks{idB: {}}, nil},
		{"delete missing", codec.Tasks{idB: {}}, codec.Delete(idA), codec.Tasks{idB: {}}, codec.ErrNoSuchTask},
		{"delete from nil", nil, codec.Delete(idA), nil, codec.ErrNoSuchTask},
		{"set new", codec.Tasks{idA: {}}, codec.Set(idA, "a", "1", now), codec.Tasks{idA: {"a": "1"}}, nil},
		{"set existing", codec.Tasks{idA: {"a": "1"}}, codec.Set(idA, "a", "2", now), codec.Tasks{idA: {"a": "2"}}, nil},
		{"set empty string", codec.Tasks{idA: {"a": "1"}}, codec.Set(idA, "a", "", now), codec.Tasks{idA: {"a": ""}}, nil},
		{"set on nil map task", codec.Tasks{idA: nil}, codec.Set(idA, "a", "1", now), codec.Tasks{idA: {"a": "1"}}, nil},
		{"remove", codec.Tasks{idA: {"a": "1", "b": "2"}}, codec.Remove(idA, "a", now), codec.Tasks{idA: {"b": "2"}}, nil},
		{"remove absent", codec.Tasks{idA: {"b": "2"}}, codec.Remove(idA, "a", now), codec.Tasks{idA: {"b": "2"}}, nil},
		{"update missing task", codec.Tasks{idB: {}}, codec.Set(idA, "a", "1", now), codec.Tasks{idB: {}}, nil},
		{"update into nil", nil, codec.Set(idA, "a", "1", now), nil, nil},
		{"invalid kind", codec.Tasks{}, codec.Op{UUID: idA}, codec.Tasks{}, codec.ErrInvalidOp},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.before.Apply(tc.op)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
			}
			require.Equal(t, tc.after, tc.before)
		})
	}
}

// TestApplyResurrection pins the documented consequence of the apply rules:
// a Create after a Delete gives an empty task with only later properties.
func TestApplyResurrection(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tasks := codec.Tasks{idA: {"description": "old", "status": "pending"}}
	for _, op := range []codec.Op{codec.Delete(idA), codec.Set(idA, "lost", "x", now), codec.Create(idA), codec.Set(idA, "status", "pending", now)} {
		require.NoError(t, tasks.Apply(op))
	}
	require.Equal(t, codec.Tasks{idA: {"status": "pending"}}, tasks)
}
