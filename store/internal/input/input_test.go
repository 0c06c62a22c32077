package input_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/input"
)

func TestLastStates(t *testing.T) {
	t.Parallel()
	a, b := uuid.New(), uuid.New()
	tests := []struct {
		name string
		in   []store.TaskState
		want []store.TaskState
	}{
		{"Nil", nil, nil},
		{"Distinct", []store.TaskState{{UUID: a, Seq: 1}, {UUID: b, Seq: 1}}, []store.TaskState{{UUID: a, Seq: 1}, {UUID: b, Seq: 1}}},
		{"LaterWins", []store.TaskState{{UUID: a, Seq: 1}, {UUID: b, Seq: 1}, {UUID: a, Seq: 2}},
			[]store.TaskState{{UUID: b, Seq: 1}, {UUID: a, Seq: 2}}},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, input.LastStates(tt.in), "LastStates(%s)", tt.name)
	}
}

func TestTaskdCredential(t *testing.T) {
	t.Parallel()
	ok := store.TaskdCredential{Org: "Public", User: "alice", Key: uuid.New()}
	require.NoError(t, input.TaskdCredential(ok))
	for _, c := range []store.TaskdCredential{
		{User: ok.User, Key: ok.Key}, {Org: ok.Org, Key: ok.Key}, {Org: ok.Org, User: ok.User},
	} {
		require.Error(t, input.TaskdCredential(c), "TaskdCredential(%+v)", c)
	}
}

func TestTaskdOrg(t *testing.T) {
	t.Parallel()
	require.NoError(t, input.TaskdOrg(store.TaskdOrg{Name: "Public"}))
	require.Error(t, input.TaskdOrg(store.TaskdOrg{Suspended: true}))
}

func TestUDATypes(t *testing.T) {
	t.Parallel()
	require.NoError(t, input.UDATypes(nil))
	require.NoError(t, input.UDATypes(map[string]string{
		"estimate": "duration", "due2": "date", "points": "numeric", "client": "string",
	}))
	require.ErrorContains(t, input.UDATypes(map[string]string{"x": "uuid"}), `"uuid"`)
	require.Error(t, input.UDATypes(map[string]string{"": "string"}))
}
