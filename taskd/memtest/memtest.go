// Package memtest measures how much a piece of work grows the Go heap at its peak, for tests and
// benchmarks that bound the memory a request may cost.
package memtest

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// heapObjects is the runtime metric sampled: bytes in heap objects, live or not yet swept.
const heapObjects = "/memory/classes/heap/objects:bytes"

// sampleEvery is how often the heap is sampled while the work runs.
const sampleEvery = 200 * time.Microsecond

// gcPercent is the GOGC the work runs under: the collector starts a cycle once the heap has
// grown by a tenth, so that the samples stay within about 10 % of the live heap instead of the
// up to 100 % of garbage the default allows.
const gcPercent = 10

// PeakGrowth runs work and returns by how many bytes the heap grew above where it stood before,
// at its highest sample. The heap is collected first, and work runs with GOGC at 10 %, so the
// figure is close to the live memory the work held at its peak rather than garbage the
// collector had not reached yet. Close, not equal: the collector lets garbage grow to about a
// tenth of the heap it last found live (the test's own data included, so a test should hold
// little else), and an object freed while a cycle runs is only collected by the next one, so a
// large buffer the work has just dropped may still be counted. Concurrent work elsewhere in the
// process counts too: run it in a test that does not run in parallel.
func PeakGrowth(work func()) uint64 {
	old := debug.SetGCPercent(gcPercent)
	defer debug.SetGCPercent(old)
	runtime.GC()
	base := read()
	peak := Peak(read, work)
	if peak < base {
		return 0
	}
	return peak - base
}

// Peak runs work and returns the highest of the values gauge gave, read before and after it and
// every sampleEvery while it ran.
func Peak(gauge func() uint64, work func()) uint64 {
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(sampleEvery)
		defer t.Stop()
		for {
			peak = max(peak, gauge())
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	})
	work()
	close(stop)
	wg.Wait()
	return max(peak, gauge())
}

// read samples the heap.
func read() uint64 {
	s := []metrics.Sample{{Name: heapObjects}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// Least returns the least of up to tries figures of measure, stopping at the first at or below
// bound. A figure of PeakGrowth errs by excess: garbage the collector had not reached yet, as
// when the work drops a large buffer just before it makes another and the collector, short of
// CPU beside other processes, has not finished its cycle. So the least of a few figures is the
// closest to what the work needs, and a figure over bound every time is the work's own.
func Least(tries int, bound float64, measure func() float64) float64 {
	least := math.Inf(1)
	for range tries {
		if least = min(least, measure()); least <= bound {
			break
		}
	}
	return least
}
