package main

import (
	"math"
	"math/bits"
	"time"
)

// Latencies are kept in a log-linear histogram: exact below 256 ns, then 128 buckets per power of
// two, so a reported percentile is within 0.8 % of the true sample. Memory is fixed whatever the
// run length, and histograms of different workers merge by adding counts.
const (
	histSubBits  = 7
	histSubCount = 1 << histSubBits
	histMaxShift = 33 // values up to 2^41 ns (about 36 minutes); longer ones saturate the last bucket
	histBuckets  = (histMaxShift+1)<<histSubBits + histSubCount
)

// histogram counts durations. The zero value is empty and ready to use; it is not safe for
// concurrent use, so every worker keeps its own and they are merged at the end.
type histogram struct {
	counts [histBuckets]uint64
	n      uint64
	sum    time.Duration
	min    time.Duration
	max    time.Duration
}

// bucketIndex returns the bucket of v nanoseconds (v ≥ 0).
func bucketIndex(v uint64) int {
	if v < 2*histSubCount {
		return int(v)
	}
	shift := bits.Len64(v) - 1 - histSubBits
	if shift > histMaxShift {
		return histBuckets - 1
	}
	return shift<<histSubBits + int(v>>uint(shift))
}

// bucketBounds returns the smallest and largest value that fall in bucket i.
func bucketBounds(i int) (lo, hi uint64) {
	if i < 2*histSubCount {
		return uint64(i), uint64(i)
	}
	shift := i>>histSubBits - 1
	m := uint64(i - shift<<histSubBits)
	return m << uint(shift), (m+1)<<uint(shift) - 1
}

// add records one duration; negative durations count as zero.
func (h *histogram) add(d time.Duration) {
	d = max(d, 0)
	h.counts[bucketIndex(uint64(d))]++
	if h.n == 0 || d < h.min {
		h.min = d
	}
	h.max = max(h.max, d)
	h.n++
	h.sum += d
}

// merge adds the samples of o to h.
func (h *histogram) merge(o *histogram) {
	if o.n == 0 {
		return
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	if h.n == 0 || o.min < h.min {
		h.min = o.min
	}
	h.max = max(h.max, o.max)
	h.n += o.n
	h.sum += o.sum
}

// nearestRank returns the 1-based rank of the p-th percentile among n samples (nearest-rank
// method: the smallest sample with at least p % of the samples at or below it), or 0 when n is 0.
func nearestRank(p float64, n uint64) uint64 {
	if n == 0 {
		return 0
	}
	// The epsilon keeps float error from pushing an exact rank up (99.9 % of 1000 is 999).
	r := uint64(math.Ceil(p*float64(n)/100 - 1e-9))
	return min(max(r, 1), n)
}

// percentile returns the p-th percentile (0 < p ≤ 100): the upper bound of the bucket holding the
// nearest-rank sample, clamped to the observed minimum and maximum. It is 0 for an empty histogram.
func (h *histogram) percentile(p float64) time.Duration {
	rank := nearestRank(p, h.n)
	if rank == 0 {
		return 0
	}
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			if i == histBuckets-1 {
				return h.max
			}
			_, hi := bucketBounds(i)
			return min(max(time.Duration(hi), h.min), h.max)
		}
	}
	return h.max
}

// mean returns the average sample, or 0 for an empty histogram.
func (h *histogram) mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return h.sum / time.Duration(h.n)
}
