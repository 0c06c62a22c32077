package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// drainGrace is how long in-flight requests may run past the end of the run before they are
// cancelled.
const drainGrace = 10 * time.Second

// errorBackoff slows a worker whose last unit failed, so a dead server is not hammered in a
// tight loop.
const errorBackoff = 50 * time.Millisecond

// plan bounds a run. Units started during warmup are performed but not counted; the run stops
// at warmup+duration, or once maxUnits counted units have started when maxUnits > 0. probe, if
// not nil, is sampled over the measured window.
type plan struct {
	workers  int
	warmup   time.Duration
	duration time.Duration
	maxUnits int64
	probe    windowProbe
}

// result is the merged outcome of a run.
type result struct {
	rec         *recorder
	elapsed     time.Duration // from the end of warmup until the last worker stopped
	interrupted bool          // the run was cancelled before its bound
}

// budget hands out the unit tickets of a --requests bound; a nil budget is unbounded.
type budget struct {
	left atomic.Int64
}

func newBudget(n int64) *budget {
	if n <= 0 {
		return nil
	}
	b := &budget{}
	b.left.Store(n)
	return b
}

func (b *budget) take() bool { return b == nil || b.left.Add(-1) >= 0 }

// run drives d with p.workers concurrent workers and merges their records. Cancelling ctx stops
// the run early; what was measured until then is still returned.
func run(ctx context.Context, p plan, d driver) (result, error) {
	steps := make([]step, p.workers)
	for i := range steps {
		s, err := d.newWorker(i)
		if err != nil {
			return result{}, fmt.Errorf("preparing worker %d: %w", i, err)
		}
		steps[i] = s
	}
	start := time.Now()
	w := window{measureFrom: start.Add(p.warmup), stopAt: start.Add(p.warmup + p.duration), unit: d.unit(), budget: newBudget(p.maxUnits)}
	reqCtx, cancel := context.WithDeadline(ctx, w.stopAt.Add(drainGrace))
	defer cancel()
	stopProbe := startProbe(ctx, p.probe, w.measureFrom)
	recs := make([]*recorder, p.workers)
	var wg sync.WaitGroup
	for i, s := range steps {
		recs[i] = newRecorder()
		wg.Go(func() { w.loop(ctx, reqCtx, s, recs[i]) })
	}
	wg.Wait()
	elapsed := max(time.Since(w.measureFrom), 0)
	stopProbe()
	total := newRecorder()
	for _, r := range recs {
		total.merge(r)
	}
	return result{rec: total, elapsed: elapsed, interrupted: ctx.Err() != nil}, nil
}

// window is the time frame and bound shared by the workers of one run.
type window struct {
	measureFrom time.Time
	stopAt      time.Time
	unit        string
	budget      *budget
}

// loop runs one worker until the window closes, the budget is spent or stop is cancelled.
// Requests run under reqCtx, which outlives stop only by the drain grace.
func (w *window) loop(stop, reqCtx context.Context, s step, rec *recorder) {
	warm := newRecorder()
	for stop.Err() == nil {
		t := time.Now()
		if !t.Before(w.stopAt) {
			return
		}
		r := warm
		if !t.Before(w.measureFrom) {
			if !w.budget.take() {
				return
			}
			r = rec
		}
		w.once(stop, reqCtx, s, r, t)
	}
}

// once performs one unit and records its outcome, unless the run was cancelled meanwhile.
func (w *window) once(stop, reqCtx context.Context, s step, r *recorder, t time.Time) {
	err := s(reqCtx, r)
	switch {
	case stop.Err() != nil:
	case err != nil:
		r.unitFailed()
		sleepCtx(stop, errorBackoff)
	default:
		r.unitDone(w.unit, time.Since(t))
	}
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
