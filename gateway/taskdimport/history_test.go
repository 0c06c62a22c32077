package taskdimport_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/gateway/taskdimport"
	"github.com/taskgate/taskgate/taskd"
)

// oneUserRoot writes a root whose only user, Home/dana with key bobKey, has the given tx.data
// (none when txData is empty); its config names the captured CA by its absolute path.
func oneUserRoot(t *testing.T, txData string) string {
	t.Helper()
	root := t.TempDir()
	ca, err := filepath.Abs(filepath.Join(capturedRoot, "pki/ca.cert.pem"))
	require.NoError(t, err)
	writeFile(t, filepath.Join(root, "config"), "ca.cert="+ca+"\n")
	dir := filepath.Join(root, "orgs/Home/users", bobKey)
	writeFile(t, filepath.Join(dir, "config"), "user=dana\n")
	if txData != "" {
		writeFile(t, filepath.Join(dir, "tx.data"), txData)
	}
	return root
}

func TestImportSplitsVersions(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, b *bundle) {
		var lines []string
		for i := range 50 {
			lines = append(lines, task(fmt.Sprintf("%08x-0000-4000-8000-000000000000", i), strings.Repeat("x", 100), ""))
		}
		lines = append(lines, syncKey1, "")
		rep := b.run(t, oneUserRoot(t, strings.Join(lines, "\n")), taskdimport.Options{SegmentBytes: 4000})
		ar := rep.Accounts[0]
		require.Equal(t, 50, ar.Tasks)
		require.Greater(t, ar.Versions, 5)
		ch := chainOf(t, b, bobKey)
		require.Equal(t, int64(ar.Versions), ch.LatestSeq)
		require.Equal(t, syncKey1, ch.Latest.String())
		require.Equal(t, 50, countCreates(t, b, ar, ch.Latest), "every task is created once, in one version")
		cred, _ := b.account(t, bobKey)
		require.Equal(t, taskd.StatusNoChange, b.sync(t, cred, syncKey1).Code)
	})
}

// countCreates walks the chain back from head, requires every version to open and every task's
// operations to stay in one version, and counts the Create operations.
func countCreates(t *testing.T, b *bundle, ar taskdimport.AccountReport, head uuid.UUID) int {
	t.Helper()
	_, acct := b.account(t, ar.Key)
	_, key := clientKey(t, ar)
	creates, seen := 0, map[uuid.UUID]bool{}
	for id := head; id != uuid.Nil; {
		v, err := b.st.VersionGet(t.Context(), acct.ID, id)
		require.NoError(t, err)
		ops, err := codec.OpenSegment(key, v.Parent, v.Segment)
		require.NoError(t, err)
		here := map[uuid.UUID]bool{}
		for _, op := range ops {
			require.False(t, seen[op.UUID], "task %s spans versions", op.UUID)
			here[op.UUID] = true
			if op.Kind == codec.OpCreate {
				creates++
			}
		}
		for u := range here {
			seen[u] = true
		}
		id = v.Parent
	}
	return creates
}

// TestImportTasksAfterNewestKey imports a log whose last sync did not write its key: clients at
// the newest key get the tasks written after it.
func TestImportTasksAfterNewestKey(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, b *bundle) {
		txData := strings.Join([]string{task(taskA, "A", ""), task(taskB, "B", ""), syncKey1,
			task(taskC, "C", ""), task(taskA, "A again", ""), ""}, "\n")
		rep := b.run(t, oneUserRoot(t, txData), taskdimport.Options{})
		ar := rep.Accounts[0]
		require.Equal(t, 3, ar.Tasks)
		require.Equal(t, 2, ar.Versions)
		ch := chainOf(t, b, bobKey)
		require.NotEqual(t, syncKey1, ch.Latest.String())
		cred, _ := b.account(t, bobKey)
		resp := b.sync(t, cred, syncKey1)
		require.Equal(t, taskd.StatusOK, resp.Code)
		require.Len(t, resp.Tasks, 2)
		got := string(resp.Tasks[0]) + string(resp.Tasks[1])
		require.Contains(t, got, `"description":"A again"`)
		require.Contains(t, got, `"description":"C"`)
		require.Equal(t, ch.Latest.String(), resp.Key)
	})
}

func TestImportWithoutKey(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, b *bundle) {
		rep := b.run(t, oneUserRoot(t, task(taskA, "A", "")+"\nnot-a-key\n"+task(taskB, "B", "")+"\n"), taskdimport.Options{})
		ar := rep.Accounts[0]
		require.Equal(t, taskdimport.StatusImported, ar.Status)
		require.Empty(t, ar.SyncKey)
		require.Len(t, rep.Problems, 1)
		require.Contains(t, rep.Problems[0].String(), "tx.data:2: sync key \"not-a-key\" is not a UUID")
		cred, _ := b.account(t, bobKey)
		require.Len(t, b.sync(t, cred, "").Tasks, 2)
	})
}

func TestImportUserWithoutHistory(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, b *bundle) {
		root := oneUserRoot(t, "")
		rep := b.run(t, root, taskdimport.Options{})
		ar := rep.Accounts[0]
		require.Equal(t, taskdimport.StatusImported, ar.Status)
		require.Equal(t, 0, ar.Versions)
		require.Equal(t, "Home/dana", ar.Account)
		cred, _ := b.account(t, bobKey)
		require.Equal(t, taskd.StatusNoChange, b.sync(t, cred, "").Code)
		rep = b.run(t, root, taskdimport.Options{})
		require.Equal(t, taskdimport.StatusSkipped, rep.Accounts[0].Status)
	})
}
