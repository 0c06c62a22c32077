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

// validUploads are real uploads of about uploadSize: the typical shape (tasks of about 290
// bytes), the shortest tasks there are, and one task with a huge description.
func validUploads() map[string][]byte {
	var typical, shortest bytes.Buffer
	for typical.Len() < uploadSize-400 {
		fmt.Fprintf(&typical, `{"description":"%s %06d","due":"20270101T000000Z","entry":"20261122T150000Z",`+
			`"modified":"20261122T150000Z","priority":"M","project":"home.garden","status":"pending",`+
			`"tags":["outside","weekend"],"uuid":"%s"}`+"\n", strings.Repeat("water the plants ", 6), typical.Len(), uuid.New())
	}
	for shortest.Len() < uploadSize-100 {
		fmt.Fprintf(&shortest, `{"uuid":"%s"}`+"\n", uuid.New())
	}
	huge := fmt.Sprintf(`{"uuid":"%s","status":"pending","entry":"20261122T150000Z","description":"`, uuid.New())
	huge += strings.Repeat("the quick brown fox ", (uploadSize-len(huge)-2)/20) + `"}`
	return map[string][]byte{"Typical": typical.Bytes(), "ShortestTasks": shortest.Bytes(), "HugeDescription": []byte(huge)}
}

// maxUploadGrowth is the bound on what a valid upload may cost: the heap may grow by at
// most this many times the payload (the payload itself, held by the taskd server before the
// sync, is not counted; the answer of a first sync, which may list every task, is).
const maxUploadGrowth = 4

// TestValidUploadMemory syncs each valid upload of about 10 MiB on SQLite, as the first sync of
// a fresh account, and requires the sync to add at most maxUploadGrowth times the payload to the
// heap. It does not run in parallel: the measure is of the whole process.
func TestValidUploadMemory(t *testing.T) {
	st := testengines.Open[engine](t, testengines.SQLite, zap.NewNop())
	for name, payload := range validUploads() {
		ratio := uploadGrowth(t, st, payload)
		t.Logf("%s: %d bytes, the sync grew the heap by %.2f× the payload", name, len(payload), ratio)
		require.LessOrEqual(t, ratio, float64(maxUploadGrowth), name)
	}
}

// uploadGrowth syncs payload into a fresh account of st as a first sync and returns by how many
// times the payload the heap grew at its peak.
func uploadGrowth(tb testing.TB, st engine, payload []byte) float64 {
	tb.Helper()
	h := newHousehold(tb, st, zap.NewNop())
	a, err := h.svc.Authenticate(context.Background(), h.cred)
	require.NoError(tb, err)
	lines := taskLines(payload)
	grew := memtest.PeakGrowth(func() {
		_, err = h.svc.Sync(context.Background(), a, taskd.SyncRequest{Tasks: lines, Client: "task 2.6.2"})
	})
	require.NoError(tb, err)
	return float64(grew) / float64(len(payload))
}

// BenchmarkUploadMemory reports the heap growth per payload byte (heap-x) of the first sync of
// each valid upload of about 10 MiB on each engine, into a fresh account each time.
func BenchmarkUploadMemory(b *testing.B) {
	testengines.EachB(b, func(b *testing.B, st engine) {
		for name, payload := range validUploads() {
			b.Run(name, func(b *testing.B) {
				var worst float64
				for b.Loop() {
					worst = max(worst, uploadGrowth(b, st, payload))
				}
				b.ReportMetric(worst, "heap-x")
			})
		}
	})
}
