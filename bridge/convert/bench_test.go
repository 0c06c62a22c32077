package convert_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
)

// typicalLine is a completed task with annotations, tags, a dependency and UDAs, as
// Taskwarrior 2.6 uploads it (captured/taskwarrior-2.6/backlog-3.data).
const typicalLine = `{"description":"buy oat milk","due":"20300115T100000Z","end":"20261122T151533Z",` +
	`"entry":"20261122T151533Z","estimate":"1h","modified":"20261122T151533Z","priority":"H",` +
	`"project":"home.errands","size":3,"status":"completed","uuid":"186c1df9-c030-423b-b639-6c35ae880330",` +
	`"annotations":[{"entry":"20261122T151533Z","description":"whole milk, not skim"}],` +
	`"tags":["errand","shop"],"depends":["b8c82b4f-700f-4b30-8405-c9718296e954"]}`

func BenchmarkToTaskMap(b *testing.B) {
	types := capturedTypes()
	line := []byte(typicalLine)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := convert.ToTaskMap(line, types); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkToJSON(b *testing.B) {
	types := capturedTypes()
	id, m, err := convert.ToTaskMap([]byte(typicalLine), types)
	require.NoError(b, err)
	var out []byte
	b.ReportAllocs()
	for b.Loop() {
		if out, err = convert.ToJSON(id, m, types, convert.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	require.Equal(b, typicalLine, string(out))
}
