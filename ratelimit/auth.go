package ratelimit

import (
	"context"
	"net/netip"
	"time"

	"go.uber.org/zap"
)

// AuthAllowed refuses an authentication attempt from a with a *RefusedError when the address
// has failed Config.AuthFailures times within Config.AuthWindow of each other; the refusal lasts
// until AuthWindow has passed since the last failure. Refused attempts are not counted.
func (l *Limiter) AuthAllowed(a netip.Addr) error {
	if l == nil || l.cfg.AuthFailures <= 0 || !a.IsValid() {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.fails[Prefix(a)]
	if !ok {
		return nil
	}
	left := f.last.Add(l.cfg.AuthWindow).Sub(l.now())
	if left <= 0 {
		delete(l.fails, Prefix(a))
		return nil
	}
	if f.count < l.cfg.AuthFailures {
		return nil
	}
	return &RefusedError{Limit: LimitAuthFailures, RetryAfter: left}
}

// AuthFailed records a failed authentication from a, logs it, and waits the growing delay of
// its answer (Config.AuthDelay, doubled with each failure before it, at most AuthMaxDelay), or
// until ctx ends.
func (l *Limiter) AuthFailed(ctx context.Context, a netip.Addr) {
	if l == nil || l.cfg.AuthFailures <= 0 || !a.IsValid() {
		return
	}
	n := l.countFailure(a)
	d := l.delay(n)
	fields := []zap.Field{zap.Stringer("address", Prefix(a)), zap.Int("failures", n), zap.String("delay", describe(d))}
	if n == l.cfg.AuthFailures {
		l.log.Warn("failed authentications reached the limit; refusing the address", append(fields,
			zap.String("for", describe(l.cfg.AuthWindow)))...)
	} else {
		l.log.Info("failed authentication", fields...)
	}
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// countFailure records a failure of a and returns how many it has in the current window.
func (l *Limiter) countFailure(a netip.Addr) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	now, p := l.now(), Prefix(a)
	f, ok := l.fails[p]
	if !ok || now.Sub(f.last) > l.cfg.AuthWindow {
		if len(l.fails) >= l.cfg.MaxKeys {
			evict(l.fails, l.cfg.MaxKeys, func(f *failures) bool { return now.Sub(f.last) > l.cfg.AuthWindow })
		}
		f = &failures{}
		l.fails[p] = f
	}
	f.count++
	f.last = now
	return f.count
}

// delay is the delay of the n-th failure's answer.
func (l *Limiter) delay(n int) time.Duration {
	d := l.cfg.AuthDelay
	for i := 1; i < n && d < l.cfg.AuthMaxDelay; i++ {
		d *= 2
	}
	return min(d, l.cfg.AuthMaxDelay)
}
