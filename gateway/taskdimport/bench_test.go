package taskdimport_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/gateway/taskdimport"
	"github.com/taskgate/taskgate/keys/keystest"
	"github.com/taskgate/taskgate/store/testengines"
)

// Size of the generated history: every task is written benchVersions times, in syncs of
// benchSyncLines task lines each followed by a key: 100,000 task lines and 1,000 keys.
const (
	benchTasks     = 5000
	benchVersions  = 20
	benchSyncLines = 100
)

// benchRoot writes a taskd root with one user whose tx.data holds the generated history.
func benchRoot(b *testing.B) (root, txData string) {
	b.Helper()
	root = b.TempDir()
	dir := filepath.Join(root, "orgs/Bench/users", bobKey)
	writeFile(b, filepath.Join(dir, "config"), "user=bench\n")
	txData = filepath.Join(dir, "tx.data")
	f, err := os.Create(txData)
	require.NoError(b, err)
	w := bufio.NewWriter(f)
	n := 0
	for v := range benchVersions {
		for i := range benchTasks {
			id := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
			extra := fmt.Sprintf(`,"project":"p%d","tags":["t%d","v%d"],"annotations":[{"entry":"20261122T151533Z","description":"note %d"}]`, i%17, i%5, v, v)
			fmt.Fprintln(w, task(id, fmt.Sprintf("task %d version %d", i, v), extra))
			if n++; n%benchSyncLines == 0 {
				fmt.Fprintf(w, "%08x-aaaa-4bbb-8ccc-%012x\n", n, n)
			}
		}
	}
	require.NoError(b, w.Flush())
	require.NoError(b, f.Close())
	return root, txData
}

// BenchmarkImport imports a 101,000-line tx.data (5,000 tasks × 20 versions) on each store and
// reports the peak heap during the import (peak-heap-MB) besides the time.
func BenchmarkImport(b *testing.B) {
	root, txData := benchRoot(b)
	fi, err := os.Stat(txData)
	require.NoError(b, err)
	master := keystest.NewMasterKey(b)
	for _, name := range []string{testengines.SQLite, testengines.PostgreSQL} {
		b.Run(name, func(b *testing.B) {
			var peak uint64
			for range b.N {
				b.StopTimer()
				st := testengines.Open[engine](b, name, zap.NewNop())
				im := taskdimport.New(st, master, taskdimport.Options{Root: root, PublicURL: publicURL})
				runtime.GC()
				b.StartTimer()
				var rep taskdimport.Report
				peak = max(peak, peakHeap(func() { rep, err = im.Run(b.Context()) }))
				require.NoError(b, err)
				require.Equal(b, benchTasks, rep.Accounts[0].Tasks)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(fi.Size())/(1<<20), "txdata-MB")
		})
	}
}

// BenchmarkReadLog reads the same tx.data alone: the memory it keeps is the last line per task.
func BenchmarkReadLog(b *testing.B) {
	_, txData := benchRoot(b)
	var peak uint64
	for range b.N {
		runtime.GC()
		peak = max(peak, peakHeap(func() {
			log, _, err := taskdimport.ReadLog(txData)
			require.NoError(b, err)
			require.Len(b, log.Tasks, benchTasks)
		}))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// peakHeap runs fn and returns the largest heap size sampled while it ran.
func peakHeap(fn func()) uint64 {
	var mu sync.Mutex
	var peak uint64
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		peak = max(peak, ms.HeapAlloc)
		mu.Unlock()
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				sample()
			}
		}
	})
	fn()
	sample()
	close(done)
	wg.Wait()
	return peak
}
