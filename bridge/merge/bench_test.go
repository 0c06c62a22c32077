package merge_test

import (
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/merge"
)

// typicalLine is a completed task with annotations, tags, a dependency and UDAs, as
// Taskwarrior 2.6 uploads it (captured/taskwarrior-2.6/backlog-3.data).
const typicalLine = `{"description":"buy oat milk","due":"20300115T100000Z","end":"20261122T151533Z",` +
	`"entry":"20261122T151533Z","estimate":"1h","modified":"20261122T151533Z","priority":"H",` +
	`"project":"home.errands","size":3,"status":"completed","uuid":"186c1df9-c030-423b-b639-6c35ae880330",` +
	`"annotations":[{"entry":"20261122T151533Z","description":"whole milk, not skim"}],` +
	`"tags":["errand","shop"],"depends":["b8c82b4f-700f-4b30-8405-c9718296e954"]}`

// typicalLine2 is a later version of the same task: reopened, one tag and a note more.
const typicalLine2 = `{"description":"buy oat milk","due":"20300115T100000Z",` +
	`"entry":"20261122T151533Z","estimate":"1h","modified":"20261122T160000Z","priority":"H",` +
	`"project":"home.errands","size":3,"status":"pending","uuid":"186c1df9-c030-423b-b639-6c35ae880330",` +
	`"annotations":[{"entry":"20261122T151533Z","description":"whole milk, not skim"},` +
	`{"entry":"20261122T160000Z","description":"or soy"}],` +
	`"tags":["errand","shop","urgent"],"depends":["b8c82b4f-700f-4b30-8405-c9718296e954"]}`

// benchInput returns an upload of 10 tasks with 2 versions each, every task with a base
// and a concurrent server edit.
func benchInput(b *testing.B) merge.Input {
	b.Helper()
	in := merge.Input{Tasks: map[uuid.UUID]merge.State{}}
	for i := range 10 {
		id := uuid.MustParse(fmt.Sprintf("186c1df9-c030-423b-b639-6c35ae88%04d", i))
		for _, line := range []string{typicalLine, typicalLine2} {
			v, err := parseOne([]byte(line))
			require.NoError(b, err)
			v.UUID = id
			in.Versions = append(in.Versions, v)
		}
		base := in.Versions[len(in.Versions)-2].Task
		current := with(base, "project", "work", "tag_3x", "x", "tags", "3x,errand,shop")
		in.Tasks[id] = merge.State{Base: base, Current: current, CurrentTimes: times(current, 1795000000)}
	}
	return in
}

func BenchmarkMerge(b *testing.B) {
	in := benchInput(b)
	b.ReportAllocs()
	for b.Loop() {
		out := merge.Merge(in)
		if len(out.Results) != 10 {
			b.Fatal(len(out.Results))
		}
	}
}
