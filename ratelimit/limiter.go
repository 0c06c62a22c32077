package ratelimit

import (
	"fmt"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"go.uber.org/zap"
)

// Limit names a limit in refusals, logs and metrics.
type Limit string

// The limits.
const (
	LimitAddress      Limit = "address_rate"
	LimitAccount      Limit = "account_rate"
	LimitAuthFailures Limit = "auth_failures"
)

// RefusedError refuses a request over a limit. Its text names the limit, for the person at the
// client.
type RefusedError struct {
	Limit Limit
	// RetryAfter is when the client may try again.
	RetryAfter time.Duration
}

func (e *RefusedError) Error() string {
	after := strconv.FormatFloat(max(e.RetryAfter.Seconds(), 1), 'f', 0, 64) + " s"
	switch e.Limit {
	case LimitAuthFailures:
		return "too many failed authentications from this address; try again in " + after
	case LimitAccount:
		return "rate limit: too many requests for this account; try again in " + after
	}
	return "rate limit: too many requests from this address; try again in " + after
}

// Limiter applies the limits of a Config. It is safe for concurrent use; a nil *Limiter limits
// nothing.
type Limiter struct {
	cfg Config
	log *zap.Logger

	mu        sync.Mutex
	addresses map[netip.Prefix]*bucket
	accounts  map[string]*bucket
	fails     map[netip.Prefix]*failures
}

// New returns a Limiter for cfg that logs to log.
func New(cfg Config, log *zap.Logger) *Limiter {
	if cfg.MaxKeys <= 0 {
		cfg.MaxKeys = DefaultMaxKeys
	}
	if log == nil {
		log = zap.NewNop()
	}
	return &Limiter{
		cfg: cfg, log: log.Named("ratelimit"),
		addresses: map[netip.Prefix]*bucket{},
		accounts:  map[string]*bucket{},
		fails:     map[netip.Prefix]*failures{},
	}
}

func (l *Limiter) now() time.Time {
	if l.cfg.Now != nil {
		return l.cfg.Now()
	}
	return time.Now()
}

// Address takes one request of source address a, or refuses it with a *RefusedError.
func (l *Limiter) Address(a netip.Addr) error {
	if l == nil || l.cfg.AddressRate <= 0 || !a.IsValid() {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	p := Prefix(a)
	b := entry(l, l.addresses, p, l.cfg.AddressRate, l.cfg.AddressBurst)
	return l.take(b, LimitAddress, l.cfg.AddressRate, l.cfg.AddressBurst, zap.Stringer("address", p))
}

// Account takes one request of the account named key (for example "taskd:12" or a TaskChampion
// client id), or refuses it with a *RefusedError.
func (l *Limiter) Account(key string) error {
	if l == nil || l.cfg.AccountRate <= 0 {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := entry(l, l.accounts, key, l.cfg.AccountRate, l.cfg.AccountBurst)
	return l.take(b, LimitAccount, l.cfg.AccountRate, l.cfg.AccountBurst, zap.String("account", key))
}

// take takes a token from b, logging the first refusal of a run of them.
func (l *Limiter) take(b *bucket, lim Limit, rate float64, burst int, who zap.Field) error {
	wait, ok := b.take(l.now(), rate, burst)
	if ok {
		b.limited = false
		return nil
	}
	if !b.limited {
		b.limited = true
		l.log.Warn("rate limit reached; refusing requests", zap.String("limit", string(lim)), who,
			zap.Float64("per_second", rate), zap.Int("burst", burst))
	}
	return &RefusedError{Limit: lim, RetryAfter: wait}
}

// entry returns the bucket of key, making a full one (and room for it) when there is none.
func entry[K comparable](l *Limiter, m map[K]*bucket, key K, rate float64, burst int) *bucket {
	if b, ok := m[key]; ok {
		return b
	}
	now := l.now()
	if len(m) >= l.cfg.MaxKeys {
		evict(m, l.cfg.MaxKeys, func(b *bucket) bool { return b.full(now, rate, burst) })
	}
	b := &bucket{tokens: float64(burst), last: now}
	m[key] = b
	return b
}

// evict drops the entries at rest, then, when that is not enough, arbitrary ones, until the map
// has room for one more below max.
func evict[K comparable, V any](m map[K]V, max int, resting func(V) bool) {
	for k, v := range m {
		if resting(v) {
			delete(m, k)
		}
	}
	for k := range m {
		if len(m) < max {
			return
		}
		delete(m, k)
	}
}

// describe formats a duration for log lines.
func describe(d time.Duration) string { return fmt.Sprint(d.Round(time.Millisecond)) }
