package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// recordingProbe notes when it is called; startProbe calls it from one goroutine at a time.
type recordingProbe struct {
	calls []string
	begun time.Time
}

// begin notes the call and its time.
func (p *recordingProbe) begin() { p.calls, p.begun = append(p.calls, "begin"), time.Now() }

// tick notes the call.
func (p *recordingProbe) tick() { p.calls = append(p.calls, "tick") }

// end notes the call.
func (p *recordingProbe) end() { p.calls = append(p.calls, "end") }

func TestProbeOverWindow(t *testing.T) {
	tests := []struct {
		name   string
		warmup time.Duration
		run    time.Duration
		cancel bool
		want   []string
	}{
		{"no warm-up", 0, 10 * time.Millisecond, false, []string{"begin", "end"}},
		{"after the warm-up", 50 * time.Millisecond, 100 * time.Millisecond, false, []string{"begin", "end"}},
		{"with a tick", 0, probeInterval + 300*time.Millisecond, false, []string{"begin", "tick", "end"}},
		{"cancelled during the warm-up", time.Hour, 20 * time.Millisecond, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.run > probeInterval && testing.Short() {
				t.Skip("slow")
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			p := &recordingProbe{}
			from := time.Now().Add(tt.warmup)
			stop := startProbe(ctx, p, from)
			time.Sleep(tt.run)
			if tt.cancel {
				cancel()
			}
			stop()
			require.Equal(t, tt.want, p.calls)
			if tt.want != nil {
				require.False(t, p.begun.Before(from), "begin at the end of the warm-up")
			}
		})
	}
}

func TestRunSamplesTheProbe(t *testing.T) {
	_, url := startFake(t)
	p := &recordingProbe{}
	res, err := run(context.Background(), plan{workers: 2, warmup: 100 * time.Millisecond, duration: 200 * time.Millisecond, probe: p}, newTestDriver(t, url, 4, 2))
	require.NoError(t, err)
	require.Positive(t, res.rec.units)
	require.Equal(t, []string{"begin", "end"}, p.calls)
	startProbe(context.Background(), nil, time.Now())() // a nil probe: nothing to do, no panic
}
