package main

import (
	"context"
	"time"
)

// probeInterval is how often a probe is sampled between the edges of the measured window.
const probeInterval = time.Second

// windowProbe samples resources over the measured window of a run (see cpuMeter). Its methods
// are called one at a time, in order: begin when the window opens (after the warm-up), tick
// every probeInterval, end once the last worker has stopped. When the run is cancelled during
// the warm-up, none is called.
type windowProbe interface {
	begin()
	tick()
	end()
}

// startProbe runs p over the window opening at from, on its own goroutine, and returns the
// function that closes the window: it calls p.end, if p.begin was called, and returns once p is
// no longer used. A nil p does nothing.
func startProbe(ctx context.Context, p windowProbe, from time.Time) (stop func()) {
	if p == nil {
		return func() {}
	}
	done, finished := make(chan struct{}), make(chan struct{})
	begun := !time.Now().Before(from)
	if begun {
		p.begin() // no warm-up: before the workers start
	}
	go func() {
		defer close(finished)
		if !begun {
			if !waitUntil(ctx, done, from) {
				return
			}
			p.begin()
		}
		sampleUntil(p, done)
	}()
	return func() {
		close(done)
		<-finished
	}
}

// waitUntil waits for t and reports whether it came before ctx or done ended the wait.
func waitUntil(ctx context.Context, done <-chan struct{}, t time.Time) bool {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
		return false
	case <-done:
		return false
	}
	return true
}

// sampleUntil calls p.tick every probeInterval until done, then p.end.
func sampleUntil(p windowProbe, done <-chan struct{}) {
	ticker := time.NewTicker(probeInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			p.tick()
		case <-done:
			p.end()
			return
		}
	}
}
