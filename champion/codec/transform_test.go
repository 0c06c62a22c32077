package codec_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

func TestTransformTable(t *testing.T) {
	t.Parallel()
	t1 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	t2 := t1.Add(time.Nanosecond)
	cA, dA := codec.Create(idA), codec.Delete(idA)
	uA1 := codec.Set(idA, "p", "v1", t1)
	tests := []struct {
		name                  string
		server, local         codec.Op
		keepServer, keepLocal bool
	}{
		{"create/create", cA, cA, false, false},
		{"delete/delete", dA, dA, false, false},
		{"create/delete: create wins", cA, dA, true, false},
		{"delete/create: local create wins", dA, cA, false, true},
		{"update/create: update wins", uA1, cA, true, false},
		{"create/update", cA, uA1, false, true},
		{"update/delete: delete wins", uA1, dA, false, true},
		{"delete/update: delete wins", dA, uA1, true, false},
		{"same prop, equal values", uA1, codec.Set(idA, "p", "v1", t2), false, false},
		{"same prop, equal values, both removals", codec.Remove(idA, "p", t1), codec.Remove(idA, "p", t2), false, false},
		{"same prop, later local wins", uA1, codec.Set(idA, "p", "v2", t2), false, true},
		{"same prop, later server wins", codec.Set(idA, "p", "v1", t2), codec.Set(idA, "p", "v2", t1), true, false},
		{"same prop, tie goes to server", uA1, codec.Set(idA, "p", "v2", t1), true, false},
		{"same prop, removal vs value, later local", uA1, codec.Remove(idA, "p", t2), false, true},
		{"same prop, value vs removal, tie", codec.Remove(idA, "p", t1), uA1, true, false},
		{"same prop, empty string is not removal", codec.Set(idA, "p", "", t1), codec.Remove(idA, "p", t2), false, true},
		{"different props", uA1, codec.Set(idA, "q", "v2", t1), true, true},
		{"property case matters", uA1, codec.Set(idA, "P", "v2", t1), true, true},
		{"unrelated create/create", cA, codec.Create(idB), true, true},
		{"unrelated create/delete", cA, codec.Delete(idB), true, true},
		{"unrelated delete/update", dA, codec.Set(idB, "p", "v", t1), true, true},
		{"unrelated update/update same prop", uA1, codec.Set(idB, "p", "v2", t2), true, true},
		{"invalid kinds kept", codec.Op{UUID: idA}, cA, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, l := codec.Transform(tc.server, tc.local)
			checkKept(t, tc.server, s, tc.keepServer)
			checkKept(t, tc.local, l, tc.keepLocal)
		})
	}
}

// checkKept asserts that out is nil, or an unchanged copy of in.
func checkKept(t *testing.T, in codec.Op, out *codec.Op, keep bool) {
	t.Helper()
	if !keep {
		require.Nil(t, out)
		return
	}
	require.NotNil(t, out)
	require.Equal(t, in, *out)
}

func TestRebase(t *testing.T) {
	t.Parallel()
	t1 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	t2 := t1.Add(time.Second)
	server := []codec.Op{codec.Set(idA, "p", "server", t1), codec.Set(idA, "q", "server", t2), codec.Delete(idB)}
	local := []codec.Op{codec.Set(idA, "p", "local", t2), codec.Set(idA, "q", "local", t1), codec.Set(idB, "r", "x", t1)}
	localCopy := append([]codec.Op(nil), local...)

	apply, send := codec.Rebase(server, local)
	require.Equal(t, []codec.Op{server[1], server[2]}, apply)
	require.Equal(t, []codec.Op{local[0]}, send)
	require.Equal(t, localCopy, local, "input untouched")

	apply, send = codec.Rebase(nil, local)
	require.Empty(t, apply)
	require.Equal(t, local, send)

	apply, send = codec.Rebase(server, nil)
	require.Equal(t, server, apply)
	require.Empty(t, send)
}

// TestRebaseTransformsEveryLocalOp checks that a late local op is
// transformed too (a batching shortcut would send it unchanged).
func TestRebaseTransformsEveryLocalOp(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	local := make([]codec.Op, 0, 1001)
	for i := range 1000 {
		local = append(local, codec.Set(idB, "filler", string(rune('a'+i%26)), t0))
	}
	local = append(local, codec.Set(idA, "p", "stale", t0))
	_, send := codec.Rebase([]codec.Op{codec.Delete(idA)}, local)
	require.Len(t, send, 1000)
	require.Equal(t, idB, send[len(send)-1].UUID)
}
