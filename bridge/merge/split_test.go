package merge_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
)

// taskLine is a task line of the given uuid.
func taskLine(id uuid.UUID, n int) []byte {
	return fmt.Appendf(nil, `{"description":"task %d","entry":"20240101T000000Z","uuid":"%s"}`, n, id)
}

// TestSplitUploadKeepsTasksTogether: every line is in exactly one part, the lines of one task
// in the same part in upload order, the parts within the limits (but for the lines of their
// last task) and in the order of their tasks' uuids; merging part by part does what merging
// the whole upload does.
func TestSplitUploadKeepsTasksTogether(t *testing.T) {
	t.Parallel()
	ids := make([]uuid.UUID, 10)
	for i := range ids {
		ids[i] = uuid.New()
	}
	var lines [][]byte
	for n := range 40 {
		lines = append(lines, taskLine(ids[n*7%len(ids)], n))
	}
	for _, limits := range []merge.Limits{{Lines: 1, Bytes: 1 << 20}, {Lines: 5, Bytes: 1 << 20}, {Lines: 100, Bytes: 200}, {Lines: 100, Bytes: 1 << 20}} {
		parts, err := merge.SplitUpload(lines, convert.Types{}, limits)
		require.NoError(t, err)
		var seen []int32
		partOf := map[uuid.UUID]int{}
		var whole []merge.Result
		var last uuid.UUID
		for i := range parts.Len() {
			idx := parts.Chunk(i)
			require.True(t, slices.IsSorted(idx), "upload order within a part")
			up, err := merge.ParseLines(lines, idx, convert.Types{})
			require.NoError(t, err)
			tasks := map[uuid.UUID]bool{}
			for _, v := range up.Versions {
				if p, ok := partOf[v.UUID]; ok {
					require.Equal(t, i, p, "the lines of %s in one part", v.UUID)
				}
				partOf[v.UUID], tasks[v.UUID] = i, true
			}
			require.True(t, len(tasks) == 1 || len(idx) <= limits.Lines+4, "%v: part %d has %d lines", limits, i, len(idx))
			highest := last
			for id := range tasks {
				require.Positive(t, slices.Compare(id[:], last[:]), "parts in uuid order")
				if slices.Compare(id[:], highest[:]) > 0 {
					highest = id
				}
			}
			last = highest
			whole = append(whole, merge.Merge(merge.Input{Versions: up.Versions}).Results...)
			seen = append(seen, idx...)
		}
		slices.Sort(seen)
		require.Len(t, seen, len(lines))
		require.Equal(t, len(lines)-1, int(seen[len(seen)-1]))
		all, err := merge.ParseUpload(lines, convert.Types{})
		require.NoError(t, err)
		want := merge.Merge(merge.Input{Versions: all.Versions}).Results
		byUUID := func(a, b merge.Result) int { return slices.Compare(a.UUID[:], b.UUID[:]) }
		require.Equal(t, slices.SortedFunc(slices.Values(want), byUUID), slices.SortedFunc(slices.Values(whole), byUUID))
	}
}

// TestSplitUploadErrorIsParseUploads: a bad line fails the split or the parse of its part with
// the error ParseUpload gives, that of the first bad line, whichever part it is in.
func TestSplitUploadErrorIsParseUploads(t *testing.T) {
	t.Parallel()
	a, b := uuid.New(), uuid.New()
	badAttr := []byte(`{"uuid":"` + b.String() + `","annotations":[{"entry":"20240101T000000Z"}]}`)
	for name, lines := range map[string][][]byte{
		"NotJSON":         {taskLine(a, 0), []byte(`{"uuid":`), taskLine(b, 1)},
		"NoUUID":          {taskLine(a, 0), []byte(`{"description":"x"}`)},
		"BadAttribute":    {taskLine(a, 0), badAttr, taskLine(a, 1)},
		"BadBeforeNoUUID": {badAttr, []byte(`{"description":"x"}`)},
		"BadInALaterPart": {taskLine(b, 0), badAttr, taskLine(a, 1), taskLine(a, 2)},
	} {
		_, want := merge.ParseUpload(lines, convert.Types{})
		require.Error(t, want, name)
		parts, err := merge.SplitUpload(lines, convert.Types{}, merge.Limits{Lines: 1, Bytes: 1 << 20})
		for i := 0; err == nil && i < parts.Len(); i++ {
			_, err = merge.ParseLines(lines, parts.Chunk(i), convert.Types{})
		}
		require.EqualError(t, err, want.Error(), name)
	}
}
