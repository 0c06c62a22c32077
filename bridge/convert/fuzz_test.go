package convert_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
)

// addCapturedSeeds adds every task line of the captured sessions to the corpus.
func addCapturedSeeds(f *testing.F) {
	f.Helper()
	paths, err := filepath.Glob(capturedDir + "taskwarrior-*/*")
	require.NoError(f, err)
	for _, path := range paths {
		if !strings.HasSuffix(path, ".data") && !strings.HasSuffix(path, "export.json") {
			continue
		}
		data, err := os.ReadFile(path)
		require.NoError(f, err)
		for line := range bytes.Lines(data) {
			if line = bytes.TrimRight(line, ",\n"); bytes.HasPrefix(line, []byte("{")) {
				f.Add(line)
			}
		}
	}
}

// hasOtherDep reports whether a dependency is not a UUID. The comma-joined depends form is
// meant for UUIDs only: a comma or brackets in a name do not survive it.
func hasOtherDep(m convert.TaskMap) bool {
	for key := range m {
		if dep, ok := strings.CutPrefix(key, "dep_"); ok && uuid.Validate(dep) != nil {
			return true
		}
	}
	return false
}

func FuzzToTaskMap(f *testing.F) {
	addCapturedSeeds(f)
	f.Add([]byte(`{"uuid":"` + taskID + `","depends":"[\"` + depA + `\"]","tags":"a,b","size":3.000000}`))
	f.Add([]byte(`{"uuid":"` + taskID + `","annotations":[{"description":"x"}],"modified":1704164645,"meta":{"a":[1]}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		checkRoundTrip(t, line)
	})
}

// FuzzToTaskMapAttribute fuzzes one attribute of an otherwise valid task, so that the
// fuzzer spends its time on values rather than on JSON syntax.
func FuzzToTaskMapAttribute(f *testing.F) {
	for _, seed := range [][2]string{
		{"due", `"2024-01-02T03:04:05+01:00"`}, {"wait", `1704164645`}, {"size", `3.000000`},
		{"reviewed", `"20240102T030405Z"`}, {"effort", `"PT2H"`}, {"tags", `"a,b"`},
		{"depends", `"[\"` + depA + `\"]"`}, {"meta", `{"a":[1,2]}`}, {"status", `"waiting"`},
		{"annotations", `[{"entry":"20240102T030405Z","description":"a"},{"description":"b"}]`},
		{"modification", `"20240102T030405Z"`}, {"description", `"caf\u00e9 \/ \"q\""`},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		line := []byte(`{"uuid":"` + taskID + `","modified":"20240102T030405Z",` +
			strconv.Quote(key) + `:` + value + `}`)
		checkRoundTrip(t, line)
	})
}

// checkRoundTrip checks the properties every convertible line must have: ToJSON gives valid
// JSON in both depends forms, and converting that back gives the same task.
func checkRoundTrip(t *testing.T, line []byte) {
	types := capturedTypes()
	id, m, err := convert.ToTaskMap(line, types)
	if err != nil {
		return
	}
	for _, opts := range []convert.Options{{}, {DependsAsString: true}} {
		out, err := convert.ToJSON(id, m, types, opts)
		require.NoError(t, err)
		require.True(t, json.Valid(out), "ToJSON = %q, not JSON", out)
		require.True(t, utf8.Valid(out), "ToJSON = %q, not UTF-8", out)
		if opts.DependsAsString && hasOtherDep(m) {
			continue
		}
		id2, m2, err := convert.ToTaskMap(out, types)
		require.NoError(t, err, "ToTaskMap(%s)", out)
		require.Equal(t, id, id2)
		require.Equal(t, m, m2, "ToTaskMap(%s) after ToTaskMap(%s)", out, line)
	}
}

// fuzzMap builds a task map from NUL-separated key and value pairs.
func fuzzMap(data []byte) convert.TaskMap {
	parts := bytes.Split(data, []byte{0})
	m := convert.TaskMap{}
	for i := 0; i+1 < len(parts); i += 2 {
		m[string(parts[i])] = string(parts[i+1])
	}
	return m
}

func FuzzToJSON(f *testing.F) {
	f.Add([]byte("description\x00buy milk\x00due\x001704240000\x00tag_home\x00x\x00dep_"+depA+"\x00x"), []byte(taskID), false)
	f.Add([]byte("annotation_1704164700\x00note\x00size\x003.0\x00reviewed\x00soon\x00effort\x00P\"/"), []byte{1, 2}, true)
	f.Add([]byte("k\xff\x00\x01v\\\x00imask\x00-\x00annotation_-99999999999\x00old"), []byte{}, false)
	types := capturedTypes()
	f.Fuzz(func(t *testing.T, data, idBytes []byte, dependsAsString bool) {
		var id uuid.UUID
		copy(id[:], idBytes)
		m := fuzzMap(data)
		out, err := convert.ToJSON(id, m, types, convert.Options{DependsAsString: dependsAsString})
		require.NoError(t, err)
		require.True(t, json.Valid(out), "ToJSON(%q) = %q, not JSON", m, out)
		require.True(t, utf8.Valid(out), "ToJSON(%q) = %q, not UTF-8", m, out)
		id2, _, err := convert.ToTaskMap(out, types)
		require.NoError(t, err, "ToTaskMap(%s)", out)
		require.Equal(t, id, id2)
		checkRoundTrip(t, out)
	})
}
