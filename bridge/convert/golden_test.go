package convert_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
)

// capturedTypes are the UDAs configured for the captured sessions (captured/README.md).
func capturedTypes() convert.Types {
	return convert.NewTypes(map[string]convert.Type{
		"estimate": convert.String,
		"size":     convert.Numeric,
		"reviewed": convert.Date,
		"effort":   convert.Duration,
	})
}

var (
	exportID      = regexp.MustCompile(`^\{"id":\d+,`)
	exportUrgency = regexp.MustCompile(`,"urgency":[-+0-9.eE]+\}$`)
)

// readLines returns the lines of a file that hold a task object. For `task export` output
// the id and urgency decoration is removed, leaving what ToJSON composes.
func readLines(t *testing.T, path string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var lines [][]byte
	for line := range bytes.Lines(data) {
		line = bytes.TrimRight(line, ",\n")
		if !bytes.HasPrefix(line, []byte("{")) {
			continue
		}
		line = exportID.ReplaceAll(line, []byte("{"))
		line = exportUrgency.ReplaceAll(line, []byte("}"))
		lines = append(lines, line)
	}
	require.NotEmpty(t, lines, path)
	return lines
}

// keyOrder returns the top-level keys of a JSON object in the order they appear.
func keyOrder(t *testing.T, obj []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(obj))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var keys []string
	for dec.More() {
		key, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, key.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

// requireSameLine checks got against Taskwarrior's line: same JSON, same key order, same bytes.
func requireSameLine(t *testing.T, want, got []byte) {
	t.Helper()
	require.JSONEq(t, string(want), string(got))
	require.Equal(t, keyOrder(t, want), keyOrder(t, got))
	require.Equal(t, string(want), string(got))
}

// lineUUID returns the uuid of a task line.
func lineUUID(t *testing.T, line []byte) uuid.UUID {
	t.Helper()
	var task struct {
		UUID uuid.UUID `json:"uuid"`
	}
	require.NoError(t, json.Unmarshal(line, &task))
	return task.UUID
}

// Taskwarrior 3.5 changed two things after its last sync, so the chain cannot hold them:
// generating the recurring task's first instance created that task and set the template's
// mask.
var (
	unsyncedInstance = uuid.MustParse("7e60bca4-9a74-43cf-8943-1ce717b7e0ab")
	recurringParent  = uuid.MustParse("afe30011-38a5-4e01-887a-ac6d32d52c4e")
)

// finalTasks35 is the Taskwarrior 3.5 state at `task export`: the replayed chain plus the
// unsynced mask.
func finalTasks35(t *testing.T) map[uuid.UUID]convert.TaskMap {
	t.Helper()
	tasks := replayVersions(t, capturedDir+"taskwarrior-3.5/versions.jsonl")
	tasks[recurringParent]["mask"] = "-"
	return tasks
}

func TestToJSONMatchesTaskwarrior35Export(t *testing.T) {
	t.Parallel()
	tasks := finalTasks35(t)
	seen := map[uuid.UUID]bool{}
	for _, line := range readLines(t, capturedDir+"taskwarrior-3.5/export.json") {
		id := lineUUID(t, line)
		m, ok := tasks[id]
		if !ok {
			require.Equal(t, unsyncedInstance, id, "task %s missing from the chain", id)
			continue
		}
		got, err := convert.ToJSON(id, m, capturedTypes(), convert.Options{})
		require.NoError(t, err)
		requireSameLine(t, line, got)
		seen[id] = true
	}
	require.Len(t, seen, len(tasks), "every replayed task is in the export")
}

func TestToTaskMapMatchesTaskwarrior35Chain(t *testing.T) {
	t.Parallel()
	tasks := finalTasks35(t)
	for _, line := range readLines(t, capturedDir+"taskwarrior-3.5/export.json") {
		id, m, err := convert.ToTaskMap(line, capturedTypes())
		require.NoError(t, err)
		require.Equal(t, lineUUID(t, line), id)
		if want, ok := tasks[id]; ok {
			require.Equal(t, want, m, "ToTaskMap(%s)", line)
		}
	}
}

func TestRoundTripTaskwarrior26Export(t *testing.T) {
	t.Parallel()
	lines := readLines(t, capturedDir+"taskwarrior-2.6/export.json")
	require.Len(t, lines, 5)
	for _, line := range lines {
		requireRoundTrip(t, line)
	}
}

func TestRoundTripTaskwarrior26Backlogs(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob(capturedDir + "taskwarrior-2.6/backlog-*.data")
	require.NoError(t, err)
	require.Len(t, paths, 4)
	for _, path := range paths {
		for _, line := range readLines(t, path) {
			requireRoundTrip(t, line)
		}
	}
}

// requireRoundTrip converts a Taskwarrior 2.6 line to a task map and back and expects the
// same bytes, and the same map again from those bytes.
func requireRoundTrip(t *testing.T, line []byte) {
	t.Helper()
	id, m, err := convert.ToTaskMap(line, capturedTypes())
	require.NoError(t, err, "ToTaskMap(%s)", line)
	got, err := convert.ToJSON(id, m, capturedTypes(), convert.Options{})
	require.NoError(t, err)
	requireSameLine(t, line, got)
	id2, m2, err := convert.ToTaskMap(got, capturedTypes())
	require.NoError(t, err)
	require.Equal(t, id, id2)
	require.Equal(t, m, m2)
}

func TestTaskwarrior26BacklogTaskMap(t *testing.T) {
	t.Parallel()
	lines := readLines(t, capturedDir+"taskwarrior-2.6/backlog-3.data")
	// The completed "buy oat milk": annotations, tags and depends together.
	id, m, err := convert.ToTaskMap(lines[2], capturedTypes())
	require.NoError(t, err)
	require.Equal(t, uuid.MustParse("186c1df9-c030-423b-b639-6c35ae880330"), id)
	want := convert.TaskMap{
		"annotation_1795360533":                    "whole milk, not skim",
		"dep_b8c82b4f-700f-4b30-8405-c9718296e954": "x",
		"depends":     "b8c82b4f-700f-4b30-8405-c9718296e954",
		"description": "buy oat milk",
		"due":         "1894701600",
		"end":         "1795360533",
		"entry":       "1795360533",
		"estimate":    "1h",
		"modified":    "1795360533",
		"priority":    "H",
		"project":     "home.errands",
		"size":        "3",
		"status":      "completed",
		"tag_errand":  "x",
		"tag_shop":    "x",
		"tags":        "errand,shop",
	}
	require.Equal(t, want, m)
}
