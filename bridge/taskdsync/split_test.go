package taskdsync_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
	"github.com/taskgate/taskgate/taskd"
)

// splitWay is how a service answers the upload under test.
type splitWay struct {
	prepareFrom int // taskdsync.SetPrepareFrom
	partLines   int // taskdsync.SetParts, lines
	// rerun makes the store run every callback under the lock twice: once in a transaction it
	// rolls back, as a store that retries a transaction after a serialization failure would.
	rerun bool
}

var (
	// locked answers in one version under the lock (an empty key is prepared all the same).
	locked = splitWay{prepareFrom: 1 << 30, partLines: taskdsync.DefaultPartLines}
	// whole prepares the upload as one version.
	whole = splitWay{prepareFrom: 0, partLines: taskdsync.DefaultPartLines}
	// split prepares every task as a version of its own.
	split = splitWay{prepareFrom: 0, partLines: 1}
	// splitRerun is split over a store that runs each callback under the lock twice.
	splitRerun = splitWay{prepareFrom: 0, partLines: 1, rerun: true}
)

// errRolledBack ends the first run of a rerunning store's callback.
var errRolledBack = errors.New("rolled back, to run again")

// rerunning is a store that runs every callback under the chain lock a first time in a
// transaction it rolls back, then again in the one it commits.
type rerunning struct{ engine }

func (s rerunning) ChainRead(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	return s.engine.(chain.Reader).ChainRead(ctx, accountID, fn)
}

func (s rerunning) ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	err := s.engine.ChainUpdate(ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		if err := fn(ctx, tx); err != nil {
			return err
		}
		return errRolledBack
	})
	if !errors.Is(err, errRolledBack) {
		return err
	}
	return s.engine.ChainUpdate(ctx, accountID, fn)
}

// fixedNow is the clock of the services compared: the server's repairs are dated by it.
var fixedNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// service returns a service over h's store that answers the way w says, with the fixed clock,
// keeping its prepared versions in spill.
func (w splitWay) service(h *household, spill string, quota store.Quota) *taskdsync.Service {
	var st chain.Store = h.st
	if w.rerun {
		st = rerunning{h.st}
	}
	core := chain.New(st, h.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy(),
		Now: func() time.Time { return fixedNow }, SpillDir: spill, Quota: quota})
	svc := taskdsync.New(h.st, core, zap.NewNop())
	taskdsync.SetPrepareFrom(svc, w.prepareFrom)
	taskdsync.SetParts(svc, w.partLines, taskdsync.DefaultPartBytes)
	return svc
}

// scenario is an account that device A synced twice, and the upload of device B under test.
type scenario struct {
	edited, parent, annotated, twice, gone uuid.UUID
	keys                                   map[string]string // "first", "old", "head", "unknown"
}

func newScenario() *scenario {
	return &scenario{edited: uuid.New(), parent: uuid.New(), annotated: uuid.New(), twice: uuid.New(), gone: uuid.New()}
}

// setUp makes device A's two syncs on h: the tasks B edits, then an edit of one of them and the
// deletion of another.
func (sc *scenario) setUp(h *household) {
	old := h.sync("", line(sc.edited, 0, ""), instanceLine(uuid.NewSHA1(sc.parent, []byte("A")), sc.parent, 1),
		line(sc.annotated, 5, `,"annotations":[{"entry":"20261122T150500Z","description":"from A"}]`), line(sc.gone, 0, "")).Key
	head := h.sync(old, line(sc.edited, 10, `,"project":"garden"`), line(sc.gone, 11, `,"status":"deleted","end":"20261122T151100Z"`)).Key
	sc.keys = map[string]string{"first": "", "old": old, "head": head, "unknown": uuid.NewString()}
}

// upload is device B's upload: new tasks, a task in two lines apart, an edit that merges with
// A's, a duplicate recurrence instance and an annotation that clashes with A's (both repaired),
// and an edit of the task A deleted.
func (sc *scenario) upload() [][]byte {
	ns := func(s string) uuid.UUID { return uuid.NewSHA1(sc.parent, []byte(s)) }
	lines := []string{
		line(ns("n1"), 1, ""),
		line(sc.twice, 2, `,"priority":"L"`),
		line(ns("n2"), 3, ""),
		line(sc.edited, 20, `,"description":"edited by B"`),
		line(sc.twice, 4, `,"priority":"H","tags":["x"]`),
		instanceLine(ns("B"), sc.parent, 2),
		line(sc.annotated, 5, `,"annotations":[{"entry":"20261122T150500Z","description":"from B"}]`),
		line(ns("n3"), 6, `,"depends":"`+ns("n1").String()+`"`),
		line(sc.gone, 21, `,"priority":"M"`),
	}
	out := make([][]byte, len(lines))
	for i, l := range lines {
		out[i] = []byte(l)
	}
	return out
}

// outcome is what a sync left: its answer's lines, in order, and the account's tasks (uuid to
// data, deleted ones marked).
type outcome struct {
	code  int
	lines []string
	tasks map[uuid.UUID]string
}

// run sets the scenario up on a fresh account of st and syncs B's upload from the named key the
// way w says.
func (sc *scenario) run(t *testing.T, st engine, w splitWay, key string) outcome {
	t.Helper()
	h := newHousehold(t, st, zap.NewNop())
	h.svc = w.service(h, t.TempDir(), store.Quota{})
	sc.setUp(h)
	a, err := h.svc.Authenticate(t.Context(), h.cred)
	require.NoError(t, err)
	resp, err := h.svc.Sync(t.Context(), a, taskd.SyncRequest{Key: sc.keys[key], Client: "task 2.6.2", Tasks: sc.upload()})
	require.NoError(t, err)
	var out outcome
	out.code = resp.Code
	for _, l := range resp.Tasks {
		out.lines = append(out.lines, string(l))
	}
	out.tasks = map[uuid.UUID]string{}
	for _, st := range h.all() {
		out.tasks[st.UUID] = string(st.Data)
		if st.Deleted {
			out.tasks[st.UUID] += " (deleted)"
		}
	}
	ch, err := st.ChainGet(t.Context(), h.acct.ID)
	require.NoError(t, err)
	require.Equal(t, ch.Latest.String(), resp.Key, "the answer's key is the head")
	return out
}

// all reads every task state of h's account.
func (h *household) all() []store.TaskState {
	var all []store.TaskState
	require.NoError(h.tb, h.st.ChainUpdate(context.Background(), h.acct.ID, func(ctx context.Context, tx store.ChainTx) error {
		ptx, _, err := tx.Plaintext(ctx)
		if err == nil {
			all, err = ptx.TasksAll(ctx)
		}
		return err
	}))
	return all
}

// TestSplitUploadAnswersAsOneVersion: an upload split into a version per task leaves the same
// tasks and gets the same answer, line for line in the same order, as the one version a sync
// under the lock appends, from a first sync, an older key, the head and an unknown key; lines of
// one task stay together, a task deleted meanwhile merges alike, and the server's repairs are
// made and answered alike, also when the store runs the transaction under the lock twice.
func TestSplitUploadAnswersAsOneVersion(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		sc := newScenario()
		for _, key := range []string{"first", "old", "head", "unknown"} {
			want := sc.run(t, st, locked, key)
			require.NotEmpty(t, want.lines, key)
			for name, w := range map[string]splitWay{"whole": whole, "split": split, "split, each callback run twice": splitRerun} {
				got := sc.run(t, st, w, key)
				require.Equal(t, want.code, got.code, "%s from the %s key", name, key)
				require.Equal(t, want.lines, got.lines, "%s from the %s key", name, key)
				require.Equal(t, want.tasks, got.tasks, "%s from the %s key", name, key)
			}
		}
	})
}

// TestSplitUploadIsAChainOfVersions: a split upload is one version per part, each the child of
// the one before, and the lines of one task are in one part.
func TestSplitUploadIsAChainOfVersions(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		sc := newScenario()
		h := newHousehold(t, st, zap.NewNop())
		h.svc = split.service(h, t.TempDir(), store.Quota{})
		sc.setUp(h)
		before, err := st.ChainGet(t.Context(), h.acct.ID)
		require.NoError(t, err)
		h.sync(sc.keys["head"], func() []string {
			var out []string
			for _, l := range sc.upload() {
				out = append(out, string(l))
			}
			return out
		}()...)
		after, err := st.ChainGet(t.Context(), h.acct.ID)
		require.NoError(t, err)
		require.EqualValues(t, 8+1, after.LatestSeq-before.LatestSeq, "8 tasks in 9 lines, then the server's repairs")
	})
}

// openFilesIn returns the files under dir this process holds open (deleted ones included), from
// /proc/self/fd; the test is skipped where there is no /proc.
func openFilesIn(t *testing.T, dir string) []string {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	var open []string
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(target, dir+string(filepath.Separator)) {
			open = append(open, target)
		}
	}
	return open
}

// TestSplitUploadRefusedWritesNothing: an upload refused once some of its parts are prepared —
// over the quota only with its later versions, a bad line in a late part, or a chain that moved
// meanwhile — writes nothing of its own, and leaves no temporary file, open or not.
func TestSplitUploadRefusedWritesNothing(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		lines := upload(8)
		bad := slices.Clone(lines)
		bad[7] = []byte(`{"uuid":"` + uuid.NewString() + `","annotations":[{"entry":"20261122T150500Z"}]}`)
		for name, tc := range map[string]struct {
			lines  [][]byte
			quota  store.Quota
			status string
		}{
			"Quota":       {lines: lines, quota: store.Quota{Versions: 4}, status: "account quota exceeded"},
			"BadLateLine": {lines: bad, status: "task line 8"},
		} {
			h := newHousehold(t, st, zap.NewNop())
			spill := t.TempDir()
			h.svc = split.service(h, spill, tc.quota)
			first := h.sync("", line(uuid.New(), 0, ""))
			a, err := h.svc.Authenticate(t.Context(), h.cred)
			require.NoError(t, err)
			_, err = h.svc.Sync(t.Context(), a, taskd.SyncRequest{Key: first.Key, Client: "task 2.6.2", Tasks: tc.lines})
			var se *taskd.StatusError
			require.ErrorAs(t, err, &se, name)
			require.Contains(t, se.Status, tc.status, name)
			ch, err := st.ChainGet(t.Context(), h.acct.ID)
			require.NoError(t, err)
			require.Equal(t, first.Key, ch.Latest.String(), "%s: nothing was written", name)
			require.Len(t, h.all(), 1, name)
			entries, err := os.ReadDir(spill)
			require.NoError(t, err)
			require.Empty(t, entries, name)
			require.Empty(t, openFilesIn(t, spill), name)
		}

		h := newHousehold(t, st, zap.NewNop())
		spill := t.TempDir()
		other := uuid.New()
		racer := &readThenWrite{engine: h.st, between: func() { h.sync("", line(other, 0, "")) }}
		racing := chain.New(racer, h.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy(), SpillDir: spill})
		svc := taskdsync.New(h.st, racing, zap.NewNop())
		taskdsync.SetParts(svc, 1, taskdsync.DefaultPartBytes)
		a, err := svc.Authenticate(t.Context(), h.cred)
		require.NoError(t, err)
		resp, err := svc.Sync(t.Context(), a, taskd.SyncRequest{Client: "task 2.6.2", Tasks: lines})
		require.NoError(t, err)
		require.EqualValues(t, 2, racer.updates.Load(), "the stale preparation, then the one prepared again")
		require.Len(t, resp.Tasks, 1, "the racing sync's task")
		ch, err := st.ChainGet(t.Context(), h.acct.ID)
		require.NoError(t, err)
		require.EqualValues(t, 1+len(lines), ch.LatestSeq, "the racing version, then the upload's versions, split as they were prepared")
		require.Empty(t, openFilesIn(t, spill))
	})
}

// TestPreparedSyncAnswerFailsBeforeCommit: a stored task the answer cannot render fails the
// sync before anything is committed (the answer is composed before the commit, not after).
func TestPreparedSyncAnswerFailsBeforeCommit(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		h := newHousehold(t, st, zap.NewNop())
		first := h.sync("", line(uuid.New(), 0, ""))
		require.NoError(t, st.ChainUpdate(t.Context(), h.acct.ID, func(ctx context.Context, tx store.ChainTx) error {
			ptx, _, err := tx.Plaintext(ctx)
			if err != nil {
				return err
			}
			damaged := store.TaskState{UUID: uuid.New(), Data: []byte(`{"description":1}`), Times: []byte("{}"), Seq: 1}
			return ptx.TasksPut(ctx, []store.TaskState{damaged})
		}))
		a, err := h.svc.Authenticate(t.Context(), h.cred)
		require.NoError(t, err)
		_, err = h.svc.Sync(t.Context(), a, taskd.SyncRequest{Client: "task 2.6.2", Tasks: upload(taskdsync.DefaultPrepareFrom)})
		require.ErrorIs(t, err, chain.ErrDamagedTask)
		ch, err := st.ChainGet(t.Context(), h.acct.ID)
		require.NoError(t, err)
		require.Equal(t, first.Key, ch.Latest.String(), "nothing was committed")
	})
}
