package taskdsync_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store/testengines"
	"github.com/taskgate/taskgate/taskd"
	"github.com/taskgate/taskgate/taskd/memtest"
)

// uploadSize is the size of the payloads measured: about the default taskd request limit.
const uploadSize = 10<<20 - 4<<10

// maxBackendGrowth bounds what the sync itself may add for a payload that is no upload at all:
// the taskd server holds the request and its task lines (at most about 2.2 times the request),
// so the backend's share of the 4× a request may cost is what is left.
const maxBackendGrowth = 1.5

// hostileUploads are payloads of lines the taskd server passes on (each long enough to name a
// uuid) that are not tasks, shaped to make the sync work as hard as possible before it fails.
func hostileUploads() map[string][]byte {
	id := uuid.New().String()
	garbage := `{"uuid":"` + id + `",` + "\n"
	deep := `{"uuid":"` + id + `","a":`
	notJSON := `{` + strings.Repeat("x", 46) + "\n"
	return map[string][]byte{
		"UnclosedTasks": bytes.Repeat([]byte(garbage), uploadSize/len(garbage)),
		"NotJSON":       bytes.Repeat([]byte(notJSON), uploadSize/len(notJSON)),
		"DeepNesting":   []byte(deep + strings.Repeat("[", uploadSize-len(deep)-1) + "}"),
		"DeepObjects":   []byte(deep + strings.Repeat(`{"a":`, (uploadSize-len(deep))/5) + "}"),
	}
}

// taskLines splits a payload into its task lines the way the taskd server does: slices of it.
func taskLines(payload []byte) [][]byte {
	var lines [][]byte
	for line := range bytes.Lines(payload) {
		lines = append(lines, bytes.TrimSuffix(line, []byte("\n")))
	}
	return lines
}

// TestHostileUploadMemory syncs each hostile payload on SQLite and requires the sync to add at
// most maxBackendGrowth times the payload to the heap, and to refuse it. It does not run in
// parallel: the measure is of the whole process.
func TestHostileUploadMemory(t *testing.T) {
	st := testengines.Open[engine](t, testengines.SQLite, zap.NewNop())
	h := newHousehold(t, st, zap.NewNop())
	a, err := h.svc.Authenticate(context.Background(), h.cred)
	require.NoError(t, err)
	for name, payload := range hostileUploads() {
		lines := taskLines(payload)
		grew := memtest.PeakGrowth(func() {
			_, err = h.svc.Sync(context.Background(), a, taskd.SyncRequest{Tasks: lines, Client: "task 2.6.2"})
		})
		ratio := float64(grew) / float64(len(payload))
		t.Logf("%s: %d bytes in %d lines, the sync grew the heap by %d bytes (%.2f×): %v", name, len(payload), len(lines), grew, ratio, err)
		var se *taskd.StatusError
		require.ErrorAs(t, err, &se, name)
		require.LessOrEqual(t, ratio, maxBackendGrowth, name)
	}
}

// validShapes name the valid uploads of about uploadSize that validUpload makes: the typical
// shape (tasks of about 290 bytes), the shortest tasks there are, one task with a huge
// description, one task uploaded again and again (each line an edit of the one before, and the
// shortest lines), and completed recurrence instances.
var validShapes = []string{"Typical", "ShortestTasks", "HugeDescription", "OneTaskEdited", "OneTaskRepeated", "RecurrenceInstances"}

// validUpload makes the valid upload of one of validShapes. Each is made when it is measured,
// not all at once: the heap they would hold together is what the measure's collector paces
// itself by, and the more it holds, the more garbage a sample may count.
func validUpload(shape string) []byte {
	var b bytes.Buffer
	one := uuid.New()
	switch shape {
	case "Typical":
		for b.Len() < uploadSize-400 {
			fmt.Fprintf(&b, `{"description":"%s %06d","due":"20270101T000000Z","entry":"20261122T150000Z",`+
				`"modified":"20261122T150000Z","priority":"M","project":"home.garden","status":"pending",`+
				`"tags":["outside","weekend"],"uuid":"%s"}`+"\n", strings.Repeat("water the plants ", 6), b.Len(), uuid.New())
		}
	case "ShortestTasks":
		for b.Len() < uploadSize-100 {
			fmt.Fprintf(&b, `{"uuid":"%s"}`+"\n", uuid.New())
		}
	case "HugeDescription":
		fmt.Fprintf(&b, `{"uuid":"%s","status":"pending","entry":"20261122T150000Z","description":"`, one)
		b.WriteString(strings.Repeat("the quick brown fox ", (uploadSize-b.Len()-2)/20) + `"}`)
	case "OneTaskEdited":
		for n := 0; b.Len() < uploadSize-200; n++ {
			fmt.Fprintf(&b, `{"description":"edit %07d","entry":"20261122T150000Z","modified":"20261122T%02d%02d%02dZ",`+
				`"status":"pending","uuid":"%s"}`+"\n", n, n/3600%24, n/60%60, n%60, one)
		}
	case "OneTaskRepeated":
		for b.Len() < uploadSize-100 {
			fmt.Fprintf(&b, `{"uuid":"%s"}`+"\n", one)
		}
	case "RecurrenceInstances":
		for n := 0; b.Len() < uploadSize-400; n++ {
			parent := uuid.NewSHA1(one, []byte{byte(n % 64)})
			fmt.Fprintf(&b, `{"description":"water the plants","due":"20261201T000000Z","end":"20261202T000000Z",`+
				`"entry":"20261122T150000Z","imask":%d,"modified":"20261202T000000Z","parent":"%s","recur":"daily",`+
				`"status":"completed","uuid":"%s"}`+"\n", n/64, parent, uuid.New())
		}
	default:
		panic("no valid upload of shape " + shape)
	}
	return bytes.Clone(b.Bytes())
}

// measureTries is how many times a test measures a sync that grew the heap past its bound, fresh
// each time, before it fails: the least figure counts (see memtest.Least).
const measureTries = 3

// maxUploadGrowth is the bound on what a valid upload may cost: the heap may grow by at
// most this many times the payload (the payload itself, held by the taskd server before the
// sync, is not counted; the answer of a first sync, which may list every task, is).
const maxUploadGrowth = 4

// TestValidUploadMemory syncs each valid upload of about 10 MiB as the first sync of a fresh
// account, and requires the sync to add at most maxUploadGrowth times the payload to the heap.
// On SQLite it is prepared without the lock, and done under it, as when the store cannot read
// without the lock or the preparation failed; on PostgreSQL it is prepared (done under the lock,
// it makes the same store calls in one transaction instead of two). It does not run in
// parallel: the measure is of the whole process.
func TestValidUploadMemory(t *testing.T) {
	type way struct {
		name string
		wrap func(engine) chain.Store
	}
	prepared := way{"Prepared", func(e engine) chain.Store { return e }}
	underTheLock := way{"UnderTheLock", func(e engine) chain.Store { return lockOnly{e} }}
	for _, store := range []struct {
		name string
		ways []way
	}{{testengines.SQLite, []way{prepared, underTheLock}}, {testengines.PostgreSQL, []way{prepared}}} {
		t.Run(store.name, func(t *testing.T) {
			st := testengines.Open[engine](t, store.name, zap.NewNop())
			for _, way := range store.ways {
				for _, name := range validShapes {
					payload := validUpload(name)
					ratio := memtest.Least(measureTries, maxUploadGrowth, func() float64 {
						c := uploadGrowth(t, st, payload, way.wrap)
						t.Logf("%s %s: %d bytes, the sync grew the heap by %.2f× the payload and spilled %.2f×",
							way.name, name, len(payload), c.heap, c.spill)
						return c.heap
					})
					require.LessOrEqual(t, ratio, float64(maxUploadGrowth), way.name+" "+name)
				}
			}
		})
	}
}

// lockOnly is a store that cannot read without the chain lock (its ChainRead is hidden).
type lockOnly struct{ engine }

// uploadCost is what the first sync of an upload cost, in times its payload: how much it grew
// the heap, and the most its temporary file held.
type uploadCost struct{ heap, spill float64 }

func uploadGrowth(tb testing.TB, st engine, payload []byte, wrap func(engine) chain.Store) uploadCost {
	tb.Helper()
	h := newHousehold(tb, st, zap.NewNop())
	core := chain.New(wrap(st), h.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy()})
	svc := taskdsync.New(st, core, zap.NewNop())
	a, err := svc.Authenticate(context.Background(), h.cred)
	require.NoError(tb, err)
	lines := taskLines(payload)
	var spilled uint64
	grew := memtest.PeakGrowth(func() {
		spilled = memtest.Peak(func() uint64 { return uint64(core.SpillUsed()) }, func() {
			_, err = svc.Sync(context.Background(), a, taskd.SyncRequest{Tasks: lines, Client: "task 2.6.2"})
		})
	})
	require.NoError(tb, err)
	return uploadCost{heap: float64(grew) / float64(len(payload)), spill: float64(spilled) / float64(len(payload))}
}

// BenchmarkUploadMemory reports the heap growth per payload byte (heap-x) of the first sync of
// each valid upload of about 10 MiB on each engine, into a fresh account each time, and the most
// its temporary file held per payload byte (spill-x).
func BenchmarkUploadMemory(b *testing.B) {
	testengines.EachB(b, func(b *testing.B, st engine) {
		for _, name := range validShapes {
			payload := validUpload(name)
			b.Run(name, func(b *testing.B) {
				var worst uploadCost
				for b.Loop() {
					c := uploadGrowth(b, st, payload, func(e engine) chain.Store { return e })
					worst = uploadCost{heap: max(worst.heap, c.heap), spill: max(worst.spill, c.spill)}
				}
				b.ReportMetric(worst.heap, "heap-x")
				b.ReportMetric(worst.spill, "spill-x")
			})
		}
	})
}

// TestDuplicateInstancesMemory syncs, on SQLite, the 10 MiB of recurrence instances of
// validUpload into an account that has its own instance of every occurrence (another device
// made them), so that every uploaded instance is a duplicate the server's repairs end, and
// requires the heap to grow by at most maxUploadGrowth times the payload, the answer to send
// every duplicate, and one live instance per occurrence to be left. It does not run in
// parallel: the measure is of the whole process.
func TestDuplicateInstancesMemory(t *testing.T) {
	st := testengines.Open[engine](t, testengines.SQLite, zap.NewNop())
	payload := validUpload("RecurrenceInstances")
	lines := taskLines(payload)
	others := make([][]byte, len(lines))
	for i, l := range lines {
		others[i] = bytes.Replace(l, []byte(`"uuid":"`), []byte(`"uuid":"`+uuid.NewString()+`","device":"`), 1)
	}
	var h *household
	var resp taskd.SyncResponse
	ratio := memtest.Least(measureTries, maxUploadGrowth, func() float64 {
		h = newHousehold(t, st, zap.NewNop())
		a, err := h.svc.Authenticate(context.Background(), h.cred)
		require.NoError(t, err)
		first, err := h.svc.Sync(context.Background(), a, taskd.SyncRequest{Tasks: others, Client: "task 2.6.2"})
		require.NoError(t, err)
		grew := memtest.PeakGrowth(func() {
			resp, err = h.svc.Sync(context.Background(), a, taskd.SyncRequest{Key: first.Key, Tasks: lines, Client: "task 2.6.2"})
		})
		require.NoError(t, err)
		ratio := float64(grew) / float64(len(payload))
		t.Logf("%d instances, each a duplicate: the sync grew the heap by %.2f× the payload", len(lines), ratio)
		return ratio
	})
	require.LessOrEqual(t, ratio, float64(maxUploadGrowth))
	require.GreaterOrEqual(t, len(resp.Tasks), len(lines), "every duplicate ended, and the kept instances it changed")
	live := 0
	for _, st := range h.all() {
		if !strings.Contains(string(st.Data), `"status":"deleted"`) && strings.Contains(string(st.Data), `"parent"`) {
			live++
		}
	}
	require.Equal(t, len(lines), live, "one live instance per occurrence")
}
