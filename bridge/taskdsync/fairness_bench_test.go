package taskdsync_test

import (
	"context"
	"slices"
	"sync"
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

// BenchmarkLargeUploadFairness measures how much one account's large upload (the typical
// 10 MiB payload of validUpload, about 35,000 tasks) delays another account that syncs one new
// task every 100 ms meanwhile, on each store. It reports the upload's time (upload-ms), the
// other account's median and worst sync while the upload runs (other-p50-ms, other-worst-ms),
// and its median sync with no upload running (idle-p50-ms), measured in the same run, and how
// long the upload held its account's chain lock — on SQLite, the single writer (locked-ms).
// Prepared is taskgate; InTurn is the same sync done whole under the lock, as it is over a store
// that cannot read without the lock.
func BenchmarkLargeUploadFairness(b *testing.B) {
	testengines.EachB(b, func(b *testing.B, st engine) {
		b.Run("Prepared", func(b *testing.B) {
			benchmarkFairness(b, st, func(t *timedUpdates) chain.Store { return timedReads{t} })
		})
		b.Run("InTurn", func(b *testing.B) {
			benchmarkFairness(b, st, func(t *timedUpdates) chain.Store { return t })
		})
	})
}

// benchmarkFairness runs BenchmarkLargeUploadFairness with the big account's core over the
// store wrap returns.
func benchmarkFairness(b *testing.B, st engine, wrap func(*timedUpdates) chain.Store) {
	lines := taskLines(validUpload("Typical"))
	for b.Loop() {
		big := newHousehold(b, st, zap.NewNop())
		locked := &timedUpdates{engine: st}
		svc := taskdsync.New(st, chain.New(wrap(locked), big.master, chain.Config{Snapshots: chain.DefaultSnapshotPolicy()}), zap.NewNop())
		small := newHousehold(b, st, zap.NewNop())
		idle := syncEvery(b, small, 100*time.Millisecond, func(done <-chan struct{}) { time.Sleep(time.Second) })
		var took time.Duration
		during := syncEvery(b, small, 100*time.Millisecond, func(<-chan struct{}) {
			start := time.Now()
			a, err := svc.Authenticate(context.Background(), big.cred)
			require.NoError(b, err)
			_, err = svc.Sync(context.Background(), a, taskd.SyncRequest{Tasks: lines, Client: "task 2.6.2"})
			require.NoError(b, err)
			took = time.Since(start)
		})
		b.ReportMetric(float64(took.Milliseconds()), "upload-ms")
		b.ReportMetric(float64(locked.took.Milliseconds()), "locked-ms")
		b.ReportMetric(ms(percentile(idle, 50)), "idle-p50-ms")
		b.ReportMetric(ms(percentile(during, 50)), "other-p50-ms")
		b.ReportMetric(ms(slices.Max(during)), "other-worst-ms")
	}
}

// syncEvery runs work while h syncs one new task every interval, and returns the durations of
// those syncs.
func syncEvery(b testing.TB, h *household, interval time.Duration, work func(done <-chan struct{})) []time.Duration {
	b.Helper()
	a, err := h.svc.Authenticate(context.Background(), h.cred)
	require.NoError(b, err)
	key := h.sync("").Key
	done := make(chan struct{})
	var took []time.Duration
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for i := 0; ; i++ {
			start := time.Now()
			r, err := h.svc.Sync(context.Background(), a, taskd.SyncRequest{Key: key, Tasks: [][]byte{[]byte(line(uuid.New(), i%3600, ""))}})
			require.NoError(b, err)
			key = r.Key
			took = append(took, time.Since(start))
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	work(done)
	close(done)
	wg.Wait()
	return took
}

// percentile returns the p-th percentile of ds.
func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Sorted(slices.Values(ds))
	return s[min(len(s)-1, len(s)*p/100)]
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// timedUpdates is a store that adds up how long its ChainUpdate calls take, from the call to
// their commit.
type timedUpdates struct {
	engine
	took time.Duration
}

func (s *timedUpdates) ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	start := time.Now()
	defer func() { s.took += time.Since(start) }()
	return s.engine.ChainUpdate(ctx, accountID, fn)
}

// timedReads is timedUpdates with the store's reads without the lock.
type timedReads struct{ *timedUpdates }

func (s timedReads) ChainRead(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	return s.engine.(chain.Reader).ChainRead(ctx, accountID, fn)
}
