package merge_test

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
	"github.com/taskgate/taskgate/champion/codec"
)

// genProps is the property universe of the generator: small, so that both sides often
// touch the same properties.
var genProps = []string{
	"description", "project", "priority", "due", "status", "end", "estimate",
	"tag_a", "tag_b", "tag_c", "dep_" + depA, "dep_" + depB, "annotation_100", "annotation_101",
}

// gen draws random tasks, edits and times from a seeded source.
type gen struct{ r *rand.Rand }

func (g gen) chance(p float64) bool { return g.r.Float64() < p }

// sec returns a time in a narrow window, so that ties are common.
func (g gen) sec() int64 { return 100 + g.r.Int64N(12) }

// value returns a random value for prop.
func (g gen) value(prop string) string {
	if strings.HasPrefix(prop, "tag_") || strings.HasPrefix(prop, "dep_") {
		return []string{"x", ""}[g.r.IntN(2)]
	}
	return "v" + strconv.Itoa(g.r.IntN(3))
}

// edit returns a copy of m with each property changed, added or removed with chance p,
// modified set to sec, and the mirrors recomputed unless stale is set.
func (g gen) edit(m convert.TaskMap, p float64, sec int64, stale bool) convert.TaskMap {
	out := maps.Clone(m)
	if out == nil {
		out = convert.TaskMap{}
	}
	for _, prop := range genProps {
		switch {
		case !g.chance(p):
		case g.chance(0.3):
			delete(out, prop)
		default:
			out[prop] = g.value(prop)
		}
	}
	out["modified"] = epoch(sec)
	if !stale {
		setMirror(out, "tag_", "tags")
		setMirror(out, "dep_", "depends")
	}
	return out
}

// setMirror writes the mirror of m's keys with prefix, as a 2.x client's map has it.
func setMirror(m convert.TaskMap, prefix, mirror string) {
	var names []string
	for key := range m {
		if name, ok := strings.CutPrefix(key, prefix); ok {
			names = append(names, name)
		}
	}
	delete(m, mirror)
	if len(names) > 0 {
		slices.Sort(names)
		m[mirror] = strings.Join(names, ",")
	}
}

// state draws a base, a current map derived from it by other clients, and times.
func (g gen) state() merge.State {
	var st merge.State
	if !g.chance(0.2) {
		st.Base = g.edit(nil, 0.6, 100, false)
	}
	if g.chance(0.1) {
		return st
	}
	st.Current = g.edit(st.Base, 0.3, g.sec(), g.chance(0.2))
	if g.chance(0.1) {
		delete(st.Current, "modified")
	}
	st.CurrentTimes = map[string]time.Time{}
	for _, prop := range append(slices.Collect(maps.Keys(st.Current)), genProps...) {
		if g.chance(0.8) {
			st.CurrentTimes[prop] = at(g.sec())
		}
	}
	return st
}

// versions draws one to four client versions, each an edit of the one before.
func (g gen) versions(base convert.TaskMap) []merge.Version {
	n := 1 + g.r.IntN(4)
	out := make([]merge.Version, 0, n)
	prev := base
	for range n {
		sec := g.sec()
		prev = g.edit(prev, 0.25, sec, false)
		out = append(out, merge.Version{UUID: task1, Task: prev, Modified: at(sec)})
	}
	return out
}

func TestMergeProperties(t *testing.T) {
	t.Parallel()
	for seed := range uint64(4000) {
		g := gen{r: rand.New(rand.NewPCG(seed, 42))}
		st := g.state()
		versions := g.versions(st.Base)
		r := merge.MergeTask(task1, st, versions)
		checkResult(t, task1, st, versions, r)
		checkRules(t, st, versions, r)
		noBase := merge.State{Current: st.Current, CurrentTimes: st.CurrentTimes}
		checkResult(t, task1, noBase, versions, merge.MergeTask(task1, noBase, versions))
		folded := []merge.Version{merge.Fold(versions)}
		require.Equal(t, r, merge.MergeTask(task1, st, folded), "seed %d: the folded versions merge differently", seed)
	}
}

// checkRules checks the merge rules that hold for every input.
func checkRules(t *testing.T, st merge.State, versions []merge.Version, r merge.Result) {
	t.Helper()
	last := versions[len(versions)-1].Task
	checkOpsShape(t, st, r.Ops)
	checkMirrors(t, r.Task)
	if st.Current == nil {
		require.Equal(t, normalized(last), r.Task, "a new task is the client's last version")
		return
	}
	require.Equal(t, maxModified(st.Current["modified"], last["modified"]), r.Task["modified"])
	if st.Base == nil {
		return
	}
	clashes := annotationClashes(st, last)
	for _, c := range clashes {
		texts := slices.Collect(maps.Values(annotations(r.Task)))
		require.Contains(t, texts, c[0], "rule 3: an annotation of a same-second clash was lost")
		require.Contains(t, texts, c[1], "rule 3: an annotation of a same-second clash was lost")
	}
	for _, prop := range genProps {
		switch {
		case len(clashes) > 0 && strings.HasPrefix(prop, "annotation_"):
			// a clash moves one text to a free key: checked above
		case sameAt(prop, st.Base, last):
			require.True(t, sameAt(prop, st.Current, r.Task), "rule 1: %s untouched by the client changed", prop)
		case sameAt(prop, st.Base, st.Current):
			require.True(t, sameAt(prop, last, r.Task), "rule 1: client change of %s lost", prop)
		}
	}
}

// annotationClashes returns the texts of annotations both sides added under one key since Base.
func annotationClashes(st merge.State, last convert.TaskMap) [][2]string {
	var out [][2]string
	for key, ours := range annotations(last) {
		_, inBase := st.Base[key]
		if theirs := st.Current[key]; !inBase && theirs != "" && theirs != ours {
			out = append(out, [2]string{theirs, ours})
		}
	}
	return out
}

// annotations returns m's annotation keys and texts.
func annotations(m convert.TaskMap) map[string]string {
	out := map[string]string{}
	for key, value := range m {
		if strings.HasPrefix(key, "annotation_") && value != "" {
			out[key] = value
		}
	}
	return out
}

// checkOpsShape: a Create exactly when the task does not exist, then Updates in strictly
// increasing property order.
func checkOpsShape(t *testing.T, st merge.State, ops []codec.Op) {
	t.Helper()
	if st.Current == nil {
		require.Equal(t, codec.OpCreate, ops[0].Kind)
		ops = ops[1:]
	}
	for i, op := range ops {
		require.Equal(t, codec.OpUpdate, op.Kind)
		if i > 0 {
			require.Less(t, ops[i-1].Property, op.Property)
		}
	}
}

// checkMirrors: the mirrors always match the keys.
func checkMirrors(t *testing.T, m convert.TaskMap) {
	t.Helper()
	require.Equal(t, normalized(m), m, "mirrors out of step")
}

// normalized returns m with recomputed mirrors.
func normalized(m convert.TaskMap) convert.TaskMap {
	out := maps.Clone(m)
	setMirror(out, "tag_", "tags")
	setMirror(out, "dep_", "depends")
	return out
}

// sameAt reports whether a and b agree on prop (tags and dependencies by presence).
func sameAt(prop string, a, b convert.TaskMap) bool {
	va, okA := a[prop]
	vb, okB := b[prop]
	return okA == okB && (!okA || va == vb || strings.HasPrefix(prop, "tag_") || strings.HasPrefix(prop, "dep_"))
}

// maxModified returns the later of two modified values, as the merge must keep it.
func maxModified(current, client string) string {
	c, errC := strconv.ParseInt(current, 10, 64)
	n, errN := strconv.ParseInt(client, 10, 64)
	switch {
	case client == "" || errN != nil:
		return current
	case current == "" || errC != nil || n > c:
		return client
	}
	return current
}
