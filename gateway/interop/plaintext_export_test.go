package interop

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// exportMatches: `taskgate account export NAME` equals Taskwarrior 3.5's own `task export` of
// the same data, compared as parsed JSON by uuid, without the fields each device computes (id,
// urgency), with one difference that is required exactly, not hidden: UDA types live only in
// each device's .taskrc, so the server does not know them and writes every UDA as the task map
// holds it. A numeric UDA is the JSON string "4" where Taskwarrior writes the number 4, and a
// date UDA is epoch seconds ("1767225600") where Taskwarrior writes "20260101T000000Z". String
// and duration UDAs, and every built-in attribute, must be equal.
func exportMatches(t *testing.T, srv *server, name string, tw *tw3) {
	want := tw.exportAll(t).without(localOnly...)
	got := srv.export(t, name)
	require.Len(t, got, len(want), "account export (got) and task export (want) list different tasks:\nwant %v\ngot  %v", want, got)
	typed := 0
	for id, task := range want {
		require.Contains(t, got, id, "account export lacks task %v", task)
		for uda, typ := range udaTypes {
			value, ok := task[uda]
			if !ok || typ == "string" || typ == "duration" {
				continue
			}
			require.Equal(t, storedForm(t, uda, value), got[id][uda],
				"account export should write the %s UDA %s as the task map holds it (task %s)", typ, uda, id)
			got[id][uda] = value
			typed++
		}
	}
	require.Positive(t, typed, "no numeric or date UDA was exported: the scenario lost its UDAs")
	require.Equal(t, want, got, "account export (got) differs from Taskwarrior 3.5's task export (want) beyond the typed UDAs")
}
