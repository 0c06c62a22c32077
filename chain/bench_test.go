package chain_test

import (
	"net/http"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
)

// BenchmarkAddVersion compares add-version on an encrypted account (stored as opaque bytes)
// with a plaintext one (opened, applied to the task state, stored) on each store. It reports
// the median latency as p50-ns; the README compares the two in the same run.
func BenchmarkAddVersion(b *testing.B) {
	for _, mode := range []store.Mode{store.ModeEncrypted, store.ModePlaintext} {
		b.Run(string(mode), func(b *testing.B) {
			benchEach(b, func(b *testing.B, st engine) {
				a := newAccount(b, st, mode, zap.NewNop())
				task := uuid.New()
				parent := a.mustAdd(uuid.Nil, createOps(task, "bench")...)
				lat := make([]time.Duration, 0, b.N)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					op := codec.Set(task, "description", "edit", t0.Add(time.Duration(i)))
					start := time.Now()
					rec := a.add(a.key, parent, op)
					lat = append(lat, time.Since(start))
					require.Equal(b, http.StatusOK, rec.Code)
					parent = uuid.MustParse(rec.Header().Get("X-Version-Id"))
				}
				sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
				b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
			})
		})
	}
}

// benchEach runs fn on both engines as sub-benchmarks.
func benchEach(b *testing.B, fn func(b *testing.B, st engine)) {
	testengines.EachB(b, fn)
}

// BenchmarkAddInstance measures the cost of looking for duplicate recurrence instances: on a
// plaintext account with 2,000 tasks, a version that creates a plain task against one that
// creates an instance of a recurring task (which makes the server look up the other instances
// of its parent). It reports the median latency as p50-ns.
func BenchmarkAddInstance(b *testing.B) {
	for _, kind := range []string{"plain", "instance"} {
		b.Run(kind, func(b *testing.B) {
			benchEach(b, func(b *testing.B, st engine) {
				a := newAccount(b, st, store.ModePlaintext, zap.NewNop())
				var ops []codec.Op
				for i := range 2000 {
					ops = append(ops, createOps(uuid.New(), "task "+strconv.Itoa(i))...)
				}
				parent := a.mustAdd(uuid.Nil, ops...)
				lat := make([]time.Duration, 0, b.N)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					id := uuid.New()
					add := createOps(id, "new")
					if kind == "instance" {
						add = append(add, codec.Set(id, "parent", uuid.NewString(), t0),
							codec.Set(id, "imask", strconv.Itoa(i), t0))
					}
					start := time.Now()
					rec := a.add(a.key, parent, add...)
					lat = append(lat, time.Since(start))
					require.Equal(b, http.StatusOK, rec.Code)
					parent = uuid.MustParse(rec.Header().Get("X-Version-Id"))
				}
				sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
				b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
			})
		})
	}
}
