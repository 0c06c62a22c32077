package ratelimit

import (
	"math"
	"time"
)

// bucket is a token bucket: it holds up to burst tokens, refills at rate per second, and each
// request takes one.
type bucket struct {
	tokens float64
	last   time.Time
	// limited is set while requests are refused, so that only the first refusal is logged.
	limited bool
}

// take takes a token at now, or returns how long until one is there.
func (b *bucket) take(now time.Time, rate float64, burst int) (wait time.Duration, ok bool) {
	b.refill(now, rate, burst)
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration(math.Ceil((1 - b.tokens) / rate * float64(time.Second))), false
}

// refill adds the tokens earned since the last call.
func (b *bucket) refill(now time.Time, rate float64, burst int) {
	if d := now.Sub(b.last); d > 0 {
		b.tokens = min(float64(burst), b.tokens+d.Seconds()*rate)
	}
	b.last = now
}

// full reports whether the bucket is back at rest at now (holding burst tokens), so that
// dropping it changes nothing.
func (b *bucket) full(now time.Time, rate float64, burst int) bool {
	return b.tokens+now.Sub(b.last).Seconds()*rate >= float64(burst)
}

// failures are the failed authentications of one address.
type failures struct {
	count int
	last  time.Time
}
