package interop

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// replica is one on-disk TaskChampion replica driven by testdata/tc.py.
type replica struct {
	sb   *sandbox
	dir  string
	acct account
}

func newReplica(sb *sandbox, name string, acct account) *replica {
	return &replica{sb: sb, dir: sb.path("replica-" + name), acct: acct}
}

// pyTask is one task as tc.py dump prints it.
type pyTask struct {
	Description string            `json:"description"`
	Status      string            `json:"status"`
	Project     *string           `json:"project"`
	Priority    *string           `json:"priority"`
	Due         *string           `json:"due"`
	End         *string           `json:"end"`
	Tags        []string          `json:"tags"`
	Annotations []string          `json:"annotations"`
	UDAs        map[string]string `json:"udas"`
}

// pyDump is a replica's whole state.
type pyDump struct {
	Tasks           map[string]pyTask `json:"tasks"`
	LocalOperations int               `json:"local_operations"`
}

func (r *replica) tc(args ...string) result {
	return r.tcFor(clientTimeout, args...)
}

func (r *replica) tcFor(timeout time.Duration, args ...string) result {
	return r.sb.runFor(timeout, r.sb.inside, append([]string{"python3", r.sb.path("tc.py")}, args...)...)
}

func (r *replica) remote() []string {
	return []string{r.dir, r.acct.url, r.acct.clientID, r.acct.secret}
}

func (r *replica) must(t *testing.T, res result) string {
	t.Helper()
	require.NoError(t, res.err, "replica %s:\n%s", r.dir, res)
	return res.stdout
}

// add creates a pending task with optional edits (see tc.py) and returns its uuid.
func (r *replica) add(t *testing.T, description string, edits ...string) string {
	t.Helper()
	out := r.must(t, r.tc(append([]string{"add", r.dir, description}, edits...)...))
	return strings.TrimSpace(out)
}

// edit changes a task locally.
func (r *replica) edit(t *testing.T, taskUUID string, edits ...string) {
	t.Helper()
	r.must(t, r.tc(append([]string{"edit", r.dir, taskUUID}, edits...)...))
}

// trySync syncs and reports the outcome without judging it.
func (r *replica) trySync() result {
	return r.tc(append([]string{"sync"}, r.remote()...)...)
}

// sync syncs and requires success.
func (r *replica) sync(t *testing.T) {
	t.Helper()
	r.must(t, r.trySync())
}

// churn makes n versions: one local change and one sync each.
func (r *replica) churn(t *testing.T, n int) {
	t.Helper()
	r.must(t, r.tcFor(longTimeout, append(append([]string{"churn"}, r.remote()...), strconv.Itoa(n))...))
}

// dump returns every task of the replica.
func (r *replica) dump(t *testing.T) pyDump {
	t.Helper()
	out := r.must(t, r.tc("dump", r.dir))
	var d pyDump
	require.NoError(t, json.Unmarshal([]byte(out), &d), "tc.py dump output:\n%s", out)
	return d
}

// synced returns the tasks and requires that nothing is waiting to be uploaded.
func (r *replica) synced(t *testing.T) map[string]pyTask {
	t.Helper()
	d := r.dump(t)
	require.Zero(t, d.LocalOperations, "replica %s has unsynced operations after a sync", r.dir)
	return d.Tasks
}
