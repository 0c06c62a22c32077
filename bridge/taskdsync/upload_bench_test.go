package taskdsync_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/store/testengines"
)

// BenchmarkUploadSync measures the sync a Taskwarrior 2.x client makes after each change: its
// key is the head and it uploads one new task. Besides the time per sync, which the store's
// commit dominates, it reports the process's CPU time per sync (cpu-µs/op), the figure that
// decides how many syncs a small machine serves.
func BenchmarkUploadSync(b *testing.B) {
	testengines.EachB(b, func(b *testing.B, st engine) {
		h := newHousehold(b, st, zap.NewNop())
		key := h.sync("").Key
		b.ReportAllocs()
		start := cpuTime(b)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			r := h.sync(key, line(uuid.New(), i%3600, ""))
			if r.Code != 200 {
				b.Fatalf("upload answered %d", r.Code)
			}
			key = r.Key
		}
		b.StopTimer()
		b.ReportMetric(float64((cpuTime(b)-start).Microseconds())/float64(b.N), "cpu-µs/op")
	})
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkModifySync measures the sync of the taskd load (scripts/bench-taskd.sh): two
// households take turns, and each sync of one uploads the next revision of its one task with
// its key at the head. It reports CPU time per sync like BenchmarkUploadSync.
func BenchmarkModifySync(b *testing.B) {
	testengines.EachB(b, func(b *testing.B, st engine) {
		homes := []*household{newHousehold(b, st, zap.NewNop()), newHousehold(b, st, zap.NewNop())}
		keys, tasks := make([]string, len(homes)), make([]uuid.UUID, len(homes))
		for i, h := range homes {
			keys[i], tasks[i] = h.sync("").Key, uuid.New()
		}
		b.ReportAllocs()
		start := cpuTime(b)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			h := i % len(homes)
			r := homes[h].sync(keys[h], line(tasks[h], (i/len(homes))%3600, ""))
			if r.Code != 200 {
				b.Fatalf("upload answered %d", r.Code)
			}
			keys[h] = r.Key
		}
		b.StopTimer()
		b.ReportMetric(float64((cpuTime(b)-start).Microseconds())/float64(b.N), "cpu-µs/op")
	})
}
