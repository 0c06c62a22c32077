package interop

import (
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// udaTypes are the user-defined attributes the scenarios use, one of each Taskwarrior type.
// Every Taskwarrior device declares them in its .taskrc (udaRC); the server and the TaskChampion
// replicas know no types: a task map holds every value as text.
var udaTypes = map[string]string{
	"estimate": "string",
	"size":     "numeric",
	"reviewed": "date",
	"effort":   "duration",
}

// udaRC returns the .taskrc lines that declare udaTypes.
func udaRC() []string {
	var lines []string
	for name, typ := range udaTypes {
		lines = append(lines, "uda."+name+".type="+typ)
	}
	sort.Strings(lines)
	return lines
}

// isoBasic is how `task export` writes dates.
const isoBasic = "20060102T150405Z"

// epochOf converts an exported date to the epoch seconds a task map holds.
func epochOf(t *testing.T, iso string) string {
	t.Helper()
	ts, err := time.Parse(isoBasic, iso)
	require.NoError(t, err, "an exported date")
	return strconv.FormatInt(ts.Unix(), 10)
}

// storedForm returns the text a task map holds for a value of `task export`: epoch seconds for
// dates (built-in date attributes and date UDAs), the decimal text for numbers, the text itself
// otherwise.
func storedForm(t *testing.T, name string, value any) string {
	t.Helper()
	switch v := value.(type) {
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		if udaTypes[name] == "date" || builtinDates[name] {
			return epochOf(t, v)
		}
		return v
	}
	t.Fatalf("attribute %s: unexpected exported value %#v", name, value)
	return ""
}

// builtinDates are Taskwarrior's own date attributes.
var builtinDates = map[string]bool{
	"due": true, "end": true, "entry": true, "modified": true,
	"scheduled": true, "start": true, "until": true, "wait": true,
}
