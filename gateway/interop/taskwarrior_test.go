package interop

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// tw3 is one Taskwarrior 3.5 installation: its own HOME, .taskrc and data directory.
type tw3 struct {
	sb   *sandbox
	home string
}

// twTask is one task of `task export`.
type twTask struct {
	UUID        string         `json:"uuid"`
	Description string         `json:"description"`
	Status      string         `json:"status"`
	Project     string         `json:"project"`
	Priority    string         `json:"priority"`
	End         string         `json:"end"`
	Tags        []string       `json:"tags"`
	Annotations []twAnnotation `json:"annotations"`
}

type twAnnotation struct {
	Entry       string `json:"entry"`
	Description string `json:"description"`
}

// newTW3 writes a .taskrc that syncs acct and keeps Taskwarrior quiet and non-interactive; rc
// adds lines such as UDA definitions.
func newTW3(t *testing.T, sb *sandbox, name string, acct account, rc ...string) *tw3 {
	t.Helper()
	w := &tw3{sb: sb, home: sb.path("tw-" + name)}
	host := filepath.Join(sb.host, "tw-"+name)
	require.NoError(t, os.MkdirAll(host, 0o755))
	taskrc := fmt.Sprintf(`data.location=%s/data
confirmation=off
verbose=nothing
news.version=3.5.0
sync.server.url=%s
sync.server.client_id=%s
sync.encryption_secret=%s
`, w.home, acct.url, acct.clientID, acct.secret) + strings.Join(rc, "\n") + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(host, ".taskrc"), []byte(taskrc), 0o644))
	return w
}

// task runs `task ARGS…` and requires success.
func (w *tw3) task(t *testing.T, args ...string) string {
	t.Helper()
	res := w.sb.run(w.home, append([]string{"task"}, args...)...)
	require.NoError(t, res.err, "taskwarrior %s:\n%s", w.home, res)
	return res.stdout
}

// sync runs `task sync`.
func (w *tw3) sync(t *testing.T) {
	t.Helper()
	w.task(t, "sync")
}

// export returns every task, keyed by description.
func (w *tw3) export(t *testing.T) map[string]twTask {
	t.Helper()
	out := w.task(t, "export")
	var tasks []twTask
	require.NoError(t, json.Unmarshal([]byte(out), &tasks), "task export output:\n%s", out)
	byDesc := make(map[string]twTask, len(tasks))
	for _, task := range tasks {
		byDesc[task.Description] = task
	}
	return byDesc
}

// exportAll returns `task export`, every task keyed by uuid, with every field.
func (w *tw3) exportAll(t *testing.T) exportedTasks {
	t.Helper()
	return parseExport(t, w.task(t, "export"))
}
