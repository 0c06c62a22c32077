package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestNearestRank(t *testing.T) {
	tests := []struct {
		p    float64
		n    uint64
		want uint64
	}{
		{50, 0, 0},
		{50, 1, 1},
		{99, 1, 1},
		{50, 4, 2},
		{75, 4, 3},
		{76, 4, 4},
		{100, 4, 4},
		{0.001, 4, 1},
		{50, 100, 50},
		{90, 100, 90},
		{99, 100, 99},
		{99, 1000, 990},
		{99.9, 1000, 999},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, nearestRank(tt.p, tt.n), "p%v of %d", tt.p, tt.n)
	}
}

func TestBucketBoundsContainValue(t *testing.T) {
	values := []uint64{0, 1, 127, 128, 255, 256, 257, 511, 512, 1000, 1 << 20, 123456789, 1<<41 - 1}
	for v := uint64(1); v < 1<<41; v = v*3 + 1 {
		values = append(values, v)
	}
	for _, v := range values {
		i := bucketIndex(v)
		require.Less(t, i, histBuckets, "value %d", v)
		lo, hi := bucketBounds(i)
		require.LessOrEqual(t, lo, v, "value %d", v)
		require.GreaterOrEqual(t, hi, v, "value %d", v)
		require.LessOrEqual(t, float64(hi-lo), float64(lo)/histSubCount, "bucket of %d too wide", v)
	}
}

func TestBucketIndexIsMonotonic(t *testing.T) {
	prev := 0
	for i := range histBuckets - 1 {
		_, hi := bucketBounds(i)
		lo, _ := bucketBounds(i + 1)
		require.Equal(t, hi+1, lo, "gap after bucket %d", i)
		require.GreaterOrEqual(t, bucketIndex(lo), prev)
		prev = bucketIndex(lo)
	}
}

func spread(from, to, step time.Duration) []time.Duration {
	var out []time.Duration
	for d := from; d <= to; d += step {
		out = append(out, d)
	}
	return out
}

func TestPercentile(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name    string
		samples []time.Duration
		p       float64
		want    time.Duration
	}{
		{"empty", nil, 50, 0},
		{"single", []time.Duration{7 * ms}, 50, 7 * ms},
		{"single p99", []time.Duration{7 * ms}, 99, 7 * ms},
		{"exact small values", []time.Duration{10, 20, 30}, 50, 20},
		{"four p50", []time.Duration{4 * ms, 1 * ms, 3 * ms, 2 * ms}, 50, 2 * ms},
		{"four p76", []time.Duration{4 * ms, 1 * ms, 3 * ms, 2 * ms}, 76, 4 * ms},
		{"1..100 p50", spread(ms, 100*ms, ms), 50, 50 * ms},
		{"1..100 p90", spread(ms, 100*ms, ms), 90, 90 * ms},
		{"1..100 p99", spread(ms, 100*ms, ms), 99, 99 * ms},
		{"1..100 p100 is max", spread(ms, 100*ms, ms), 100, 100 * ms},
		{"negative counts as zero", []time.Duration{-5, -1}, 50, 0},
		{"saturated", []time.Duration{time.Hour, 2 * time.Hour}, 99, 2 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h histogram
			for _, s := range tt.samples {
				h.add(s)
			}
			got := h.percentile(tt.p)
			require.GreaterOrEqual(t, got, tt.want)
			require.LessOrEqual(t, float64(got), float64(tt.want)*(1+1.0/histSubCount))
		})
	}
}

func TestHistogramMinMaxMean(t *testing.T) {
	var h histogram
	require.Zero(t, h.mean())
	for _, d := range []time.Duration{3, 1, 2} {
		h.add(d * time.Millisecond)
	}
	require.Equal(t, uint64(3), h.n)
	require.Equal(t, time.Millisecond, h.min)
	require.Equal(t, 3*time.Millisecond, h.max)
	require.Equal(t, 2*time.Millisecond, h.mean())
}

func TestHistogramMerge(t *testing.T) {
	var a, b, both, empty histogram
	for i, d := range spread(time.Microsecond, 5*time.Millisecond, 7*time.Microsecond) {
		if i%3 == 0 {
			a.add(d)
		} else {
			b.add(d)
		}
		both.add(d)
	}
	a.merge(&b)
	a.merge(&empty)
	require.Equal(t, both, a)
	empty.merge(&both)
	require.Equal(t, both, empty)
}
