package interop

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// exportMatches: `taskgate account export NAME --uda …` with the devices' UDA declarations
// equals Taskwarrior 3.5's own `task export` of the same data, compared as parsed JSON by uuid,
// without the fields each device computes (id, urgency). The UDA types are needed because they
// live only in each device's .taskrc: without them the server writes a numeric UDA as "4" and a
// date UDA as epoch seconds.
func exportMatches(t *testing.T, srv *server, name string, tw *tw3) {
	want := tw.exportAll(t).without(localOnly...)
	got := parseExport(t, srv.admin(t, "account", "export", name, "--uda", udaFlag()))
	typed := 0
	for _, task := range want {
		for uda, typ := range udaTypes {
			if _, ok := task[uda]; ok && (typ == "numeric" || typ == "date") {
				typed++
			}
		}
	}
	require.Positive(t, typed, "no numeric or date UDA was exported: the scenario lost its UDAs")
	require.Equal(t, want, got, "account export (got) differs from Taskwarrior 3.5's task export (want)")
}

// udaFlag is udaTypes as the value of account export's --uda option.
func udaFlag() string {
	var pairs []string
	for name, typ := range udaTypes {
		pairs = append(pairs, name+"="+typ)
	}
	sort.Strings(pairs)
	return strings.Join(pairs, ",")
}
