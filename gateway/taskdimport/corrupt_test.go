package taskdimport_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/gateway/taskdimport"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

// Keys and tasks of the generated root.
const (
	bobKey    = "0b0b0b0b-1111-4222-8333-444444444444"
	carolKey  = "ca401ca4-1111-4222-8333-444444444444"
	fileKey   = "f11ef11e-1111-4222-8333-444444444444"
	syncKey1  = "11111111-aaaa-4bbb-8ccc-dddddddddddd"
	syncKey2  = "22222222-aaaa-4bbb-8ccc-dddddddddddd"
	carolSync = "33333333-aaaa-4bbb-8ccc-dddddddddddd"
	taskA     = "aaaaaaaa-0000-4000-8000-000000000001"
	taskB     = "bbbbbbbb-0000-4000-8000-000000000002"
	taskC     = "cccccccc-0000-4000-8000-000000000003"
)

// bobTxData is a damaged log: a BOM, a CRLF line, bad JSON, an unknown date, a task whose newer
// line has malformed annotations, duplicate annotation times, a depends string as taskd 1.1.0
// writes it, and a last line cut short. Line numbers matter: see TestImportDamagedRoot.
var bobTxData = strings.Join([]string{
	"\xEF\xBB\xBF" + task(taskA, "first A", ""),
	task(taskB, "first B", "") + "\r",
	syncKey1,
	`{"description":"broken","uuid":` + "\r",
	task(taskA, "second A", `,"due":"someday"`),
	task(taskC, "C", `,"size":3.000000,"depends":"[\"`+taskA+`\"]","annotations":[{"entry":"20261122T151533Z","description":"one"},`+
		`{"entry":"20261122T151533Z","description":"two"}]`),
	task(taskB, "second B", `,"annotations":"not a list"`),
	syncKey2,
	`{"description":"cut sho`,
}, "\n")

// task is a 2.x task line.
func task(id, desc, extra string) string {
	return fmt.Sprintf(`{"description":"%s","entry":"20261122T151533Z","modified":"20261122T151533Z","status":"pending","uuid":"%s"%s}`,
		desc, id, extra)
}

// damagedRoot writes a taskd root with damaged and unusual content and returns its directory.
func damagedRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "config"), "# taskd\nroot=/srv/old-taskd\nca.cert=/srv/old-taskd/pki/ca.cert.pem\n"+
		"include /etc/taskd/extra\n")
	ca, err := os.ReadFile(filepath.Join(capturedRoot, "pki/ca.cert.pem"))
	require.NoError(t, err)
	writeFile(t, filepath.Join(root, "pki/ca.cert.pem"), string(ca))
	users := filepath.Join(root, "orgs/Home/users")
	writeFile(t, filepath.Join(users, bobKey, "config"), "user=Bob Smith\n")
	writeFile(t, filepath.Join(users, bobKey, "tx.data"), bobTxData)
	writeFile(t, filepath.Join(users, fileKey), "a file where a user directory belongs\n")
	writeFile(t, filepath.Join(users, "not-a-key", "config"), "user=x\n")
	writeFile(t, filepath.Join(root, "orgs/Closed/suspended"), "")
	closed := filepath.Join(root, "orgs/Closed/users", carolKey)
	writeFile(t, filepath.Join(closed, "config"), "user=carol\n")
	writeFile(t, filepath.Join(closed, "suspended"), "")
	writeFile(t, filepath.Join(closed, "tx.data"), task(taskA, "carol's", "")+"\n"+carolSync+"\n")
	writeFile(t, filepath.Join(root, "orgs/Moved/redirect"), "new.example:53589\n")
	return root
}

// TestImportDamagedRoot checks that every damage is reported with its file and line, and that
// everything else is imported.
func TestImportDamagedRoot(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, b *bundle) {
		root := damagedRoot(t)
		rep := b.run(t, root, taskdimport.Options{Now: func() time.Time { return fixedNow }})
		users := filepath.Join(root, "orgs/Home/users")
		bobLog := filepath.Join(users, bobKey, "tx.data")
		requireProblems(t, rep.Problems, []string{
			filepath.Join(root, "config") + ":4: ",
			bobLog + ":4: not a valid task",
			bobLog + ":7: not a valid task",
			bobLog + ":9: truncated last line",
			filepath.Join(users, fileKey) + ": user skipped: user directory unreadable: not a directory",
			filepath.Join(users, "not-a-key") + ": user skipped: the directory name is not a taskd key",
		})
		require.Equal(t, []string{"Closed/carol", "Home/Bob_Smith", "-", "-"}, accountNames(rep))
		require.Equal(t, []taskdimport.Status{"imported", "imported", "failed", "failed"}, statuses(rep))
		require.Equal(t, filepath.Join(root, "pki/ca.cert.pem"), rep.PKI[0].From, "the recorded root is rewritten to --root")

		bob := rep.Accounts[1]
		require.Equal(t, 3, bob.Tasks)
		require.Equal(t, syncKey2, bob.SyncKey)
		requireBobTasks(t, b)
		requireSuspensions(t, b)
	})
}

// requireBobTasks checks the tasks that survived the damage.
func requireBobTasks(t *testing.T, b *bundle) {
	t.Helper()
	cred, acct := b.account(t, bobKey)
	require.Equal(t, store.TaskdCredential{AccountID: acct.ID, Org: "Home", User: "Bob Smith", Key: cred.Key}, cred)
	tasks := map[string]convert.TaskMap{}
	states, err := b.st.TasksAll(t.Context(), acct.ID)
	require.NoError(t, err)
	for _, st := range states {
		var m convert.TaskMap
		require.NoError(t, json.Unmarshal(st.Data, &m))
		tasks[st.UUID.String()] = m
	}
	require.Equal(t, "second A", tasks[taskA]["description"])
	require.Equal(t, "someday", tasks[taskA]["due"], "an unknown date is kept as it was")
	require.Equal(t, "first B", tasks[taskB]["description"], "a damaged line keeps the previous version")
	require.Equal(t, "x", tasks[taskC]["dep_"+taskA], "a taskd 1.1.0 depends string is read")
	require.Equal(t, taskA, tasks[taskC]["depends"])
	require.Equal(t, "3", tasks[taskC]["size"], "a number as taskd writes it (3.000000) is read as Taskwarrior 3 stores it")
	require.Equal(t, "one", tasks[taskC]["annotation_1795360533"])
	require.Equal(t, "two", tasks[taskC]["annotation_1795360534"], "a duplicate annotation time moves a second on")
	require.Equal(t, taskd.StatusNoChange, b.sync(t, cred, syncKey2).Code)
	require.Len(t, b.sync(t, cred, syncKey1).Tasks, 3)
}

// requireSuspensions checks that suspended users and orgs and redirects are kept.
func requireSuspensions(t *testing.T, b *bundle) {
	t.Helper()
	_, carol := b.account(t, carolKey)
	require.Equal(t, store.StatusSuspended, carol.Status)
	closed, err := b.st.TaskdOrgGet(t.Context(), "Closed")
	require.NoError(t, err)
	require.True(t, closed.Suspended)
	moved, err := b.st.TaskdOrgGet(t.Context(), "Moved")
	require.NoError(t, err)
	require.Equal(t, "new.example:53589", moved.Redirect)
	_, err = b.st.TaskdOrgGet(t.Context(), "Home")
	require.ErrorIs(t, err, store.ErrNotFound)
}

// requireProblems requires one problem starting with each prefix, in any order, and no others.
func requireProblems(t *testing.T, got []taskdimport.Problem, prefixes []string) {
	t.Helper()
	texts := make([]string, len(got))
	for i, p := range got {
		texts[i] = p.String()
	}
	require.Len(t, texts, len(prefixes), "problems:\n%s", strings.Join(texts, "\n"))
	for _, prefix := range prefixes {
		found := false
		for _, text := range texts {
			found = found || strings.HasPrefix(text, prefix)
		}
		require.True(t, found, "no problem starts with %q:\n%s", prefix, strings.Join(texts, "\n"))
	}
}

func accountNames(rep taskdimport.Report) []string {
	out := make([]string, len(rep.Accounts))
	for i, a := range rep.Accounts {
		out[i] = a.Account
		if out[i] == "" {
			out[i] = "-"
		}
	}
	return out
}

func statuses(rep taskdimport.Report) []taskdimport.Status {
	out := make([]taskdimport.Status, len(rep.Accounts))
	for i, a := range rep.Accounts {
		out[i] = a.Status
	}
	return out
}

// chainOf returns the chain of the account holding a taskd key.
func chainOf(t *testing.T, b *bundle, key string) store.Chain {
	t.Helper()
	_, acct := b.account(t, key)
	var ch store.Chain
	err := b.st.ChainUpdate(t.Context(), acct.ID, func(_ context.Context, tx store.ChainTx) error {
		ch = tx.Chain()
		return nil
	})
	require.NoError(t, err)
	return ch
}

// TestImportUnreadableUserDir imports a root whose user directory the importing user cannot
// read. Root reads everything, so the test only runs as another user; TestImportDamagedRoot
// covers the same report with a file where the directory belongs.
func TestImportUnreadableUserDir(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("running as root, which can read a directory with mode 000")
	}
	eachStore(t, func(t *testing.T, b *bundle) {
		root := oneUserRoot(t, task(taskA, "A", "")+"\n"+syncKey1+"\n")
		dir := filepath.Join(root, "orgs/Home/users", bobKey)
		require.NoError(t, os.Chmod(dir, 0))
		t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
		rep := b.run(t, root, taskdimport.Options{})
		require.Equal(t, taskdimport.StatusFailed, rep.Accounts[0].Status)
		requireProblems(t, rep.Problems, []string{filepath.Join(dir, "config") + ": user skipped: user config unreadable"})
	})
}
