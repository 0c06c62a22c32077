package interop

import (
	"bytes"
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// tw2Bin is Taskwarrior 2.6 on the host.
const tw2Bin = "/usr/bin/task"

// tw2 is one Taskwarrior 2.6 device on the host: its own HOME, TASKRC and TASKDATA.
type tw2 struct {
	name string
	home string
}

// newTW2 writes a .taskrc with the taskd settings rc (taskd.server, taskd.credentials,
// taskd.ca, taskd.certificate, taskd.key, taskd.trust), the UDA definitions and
// confirmation=off. The clock is UTC, as in the chroot of Taskwarrior 3.5.
func newTW2(t *testing.T, name string, rc map[string]string) *tw2 {
	t.Helper()
	w := &tw2{name: name, home: t.TempDir()}
	lines := []string{"data.location=" + filepath.Join(w.home, "data"), "confirmation=off", "verbose=sync,footnote", "hooks=off"}
	for _, key := range slices.Sorted(maps.Keys(rc)) {
		lines = append(lines, key+"="+rc[key])
	}
	lines = append(lines, udaRC()...)
	require.NoError(t, os.WriteFile(w.rcPath(), []byte(strings.Join(lines, "\n")+"\n"), 0o600))
	return w
}

func (w *tw2) rcPath() string { return filepath.Join(w.home, ".taskrc") }

// run runs `task ARGS…` and reports the outcome without judging it.
func (w *tw2) run(args ...string) result {
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, tw2Bin, args...)
	cmd.Env = []string{"HOME=" + w.home, "TASKRC=" + w.rcPath(), "TASKDATA=" + filepath.Join(w.home, "data"),
		"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "TZ=UTC"}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return result{args: append([]string{"task"}, args...), stdout: stdout.String(), stderr: stderr.String(), err: err}
}

// task runs `task ARGS…` and requires success.
func (w *tw2) task(t *testing.T, args ...string) string {
	t.Helper()
	res := w.run(args...)
	require.NoError(t, res.err, "Taskwarrior 2.6 %s (%s):\n%s", w.name, w.home, res)
	return res.stdout
}

// sync runs `task sync` (or `task sync init`) and requires success, including the footnote
// "Sync successful" (on stderr) that Taskwarrior 2.6 prints for the answers 200 and 201.
func (w *tw2) sync(t *testing.T, args ...string) {
	t.Helper()
	res := w.run(append([]string{"sync"}, args...)...)
	require.NoError(t, res.err, "Taskwarrior 2.6 %s (%s):\n%s", w.name, w.home, res)
	require.Contains(t, res.stderr, "Sync successful", "Taskwarrior 2.6 %s: task sync printed no success:\n%s", w.name, res)
}

// exportAll returns `task export`, every task keyed by uuid, with every field.
func (w *tw2) exportAll(t *testing.T) exportedTasks {
	t.Helper()
	return parseExport(t, w.task(t, "export"))
}

// uuidOf returns the uuid of the one task with the description.
func (w *tw2) uuidOf(t *testing.T, description string) string {
	t.Helper()
	return w.exportAll(t).byDescription(t, description)["uuid"].(string)
}

// settle runs a report (`task export`), which is when Taskwarrior 2.x creates the instances of
// recurring tasks and records them in the parent's mask (`task sync` does not). A device that
// syncs a new recurring task without a report in between uploads the parent without mask, and
// every device then creates the first instance on its own, with its own uuid; the server keeps
// one of them (see TestMergeRecurrenceNoDuplicates).
func (w *tw2) settle(t *testing.T) {
	t.Helper()
	w.task(t, "export")
}
