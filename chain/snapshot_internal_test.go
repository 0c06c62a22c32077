package chain

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// stateRows returns n live task rows, ordered by uuid as TasksAll returns them, and a deleted one.
func stateRows(tb testing.TB, n int) ([]store.TaskState, codec.Tasks) {
	tb.Helper()
	want := codec.Tasks{}
	var rows []store.TaskState
	for i := range n {
		id := uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "task %d", i))
		m := codec.TaskMap{"description": fmt.Sprintf("task <%d> & \"more\"", i), "status": "pending", "tag_x": ""}
		data, err := json.Marshal(m)
		require.NoError(tb, err)
		rows = append(rows, store.TaskState{UUID: id, Data: data, Times: []byte("{}"), Seq: 1})
		want[id] = m
	}
	rows = append(rows, store.TaskState{UUID: uuid.New(), Data: []byte("{}"), Times: []byte("{}"), Seq: 2, Deleted: true})
	return rows, want
}

// snapshotJSON writes the live tasks of states as a snapshot's JSON object, as the server's
// snapshots do.
func snapshotJSON(states []store.TaskState) ([]byte, error) {
	var buf bytes.Buffer
	err := writeSnapshot(&buf, func(add func(store.TaskState) error) error {
		for _, st := range states {
			if err := add(st); err != nil {
				return err
			}
		}
		return nil
	})
	return buf.Bytes(), err
}

// sealSnapshotJSON seals a snapshot's JSON object as the server's snapshots are sealed.
func sealSnapshotJSON(key codec.Key, v uuid.UUID, js []byte) ([]byte, error) {
	return codec.SealSnapshotStream(key, v, func(w io.Writer) error {
		_, err := w.Write(js)
		return err
	})
}

func TestSnapshotJSONOpensAsTheLiveTasks(t *testing.T) {
	t.Parallel()
	rows, want := stateRows(t, 3)
	js, err := snapshotJSON(rows)
	require.NoError(t, err)
	key, v := codec.DeriveKey([]byte("s"), uuid.New()), uuid.New()
	sealed, err := sealSnapshotJSON(key, v, js)
	require.NoError(t, err)
	got, err := codec.OpenSnapshot(key, v, sealed)
	require.NoError(t, err)
	require.Equal(t, want, got)

	empty, err := snapshotJSON(nil)
	require.NoError(t, err)
	require.Equal(t, "{}", string(empty))
}

func TestSnapshotJSONRefusesDamagedRows(t *testing.T) {
	t.Parallel()
	for _, data := range []string{"", "[]", `{"a":`, `"x"`} {
		_, err := snapshotJSON([]store.TaskState{{UUID: uuid.New(), Data: []byte(data)}})
		require.ErrorIs(t, err, ErrDamagedTask, "%q", data)
	}
}

// BenchmarkServerSnapshot compares the server's snapshot of 5,000 tasks made from the stored
// task maps as they are with one made by decoding them and encoding the snapshot again.
func BenchmarkServerSnapshot(b *testing.B) {
	rows, _ := stateRows(b, 5000)
	key, v := codec.DeriveKey([]byte("s"), uuid.New()), uuid.New()
	b.Run("StoredJSON", func(b *testing.B) {
		for b.Loop() {
			js, err := snapshotJSON(rows)
			if err == nil {
				_, err = sealSnapshotJSON(key, v, js)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("DecodeAndEncode", func(b *testing.B) {
		for b.Loop() {
			live, err := DecodeLive(rows)
			if err != nil {
				b.Fatal(err)
			}
			tasks := make(codec.Tasks, len(live))
			for _, t := range live {
				tasks[t.UUID] = t.Data
			}
			if _, err := codec.SealSnapshot(key, v, tasks); err != nil {
				b.Fatal(err)
			}
		}
	})
}
