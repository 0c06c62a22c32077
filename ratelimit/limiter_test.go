package ratelimit

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"
)

// clock is a settable clock for the limiter.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newLimiter(t *testing.T, cfg Config) (*Limiter, *clock) {
	t.Helper()
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	cfg.Now = c.now
	return New(cfg, zaptest.NewLogger(t)), c
}

func TestAddressRate(t *testing.T) {
	t.Parallel()
	l, c := newLimiter(t, Config{AddressRate: 2, AddressBurst: 3})
	a := netip.MustParseAddr("192.0.2.1")
	for i := range 3 {
		require.NoError(t, l.Address(a), "request %d of the burst", i+1)
	}
	err := l.Address(a)
	var re *RefusedError
	require.ErrorAs(t, err, &re)
	require.Equal(t, LimitAddress, re.Limit)
	require.Equal(t, 500*time.Millisecond, re.RetryAfter)
	require.Contains(t, err.Error(), "too many requests from this address")

	require.NoError(t, l.Address(netip.MustParseAddr("192.0.2.2")), "another address has its own bucket")
	c.advance(500 * time.Millisecond)
	require.NoError(t, l.Address(a), "a token came back")
	require.Error(t, l.Address(a))
}

func TestIPv6SharesItsSlash64(t *testing.T) {
	t.Parallel()
	l, _ := newLimiter(t, Config{AddressRate: 1, AddressBurst: 1})
	require.NoError(t, l.Address(netip.MustParseAddr("2001:db8:1:2::1")))
	require.Error(t, l.Address(netip.MustParseAddr("2001:db8:1:2::ffff")), "same /64")
	require.NoError(t, l.Address(netip.MustParseAddr("2001:db8:1:3::1")), "another /64")
}

func TestAccountRate(t *testing.T) {
	t.Parallel()
	l, _ := newLimiter(t, Config{AccountRate: 1, AccountBurst: 2})
	require.NoError(t, l.Account("taskd:1"))
	require.NoError(t, l.Account("taskd:1"))
	var re *RefusedError
	require.ErrorAs(t, l.Account("taskd:1"), &re)
	require.Equal(t, LimitAccount, re.Limit)
	require.NoError(t, l.Account("taskd:2"))
}

func TestOffAndNil(t *testing.T) {
	t.Parallel()
	var none *Limiter
	a := netip.MustParseAddr("192.0.2.1")
	require.NoError(t, none.Address(a))
	require.NoError(t, none.Account("x"))
	require.NoError(t, none.AuthAllowed(a))
	none.AuthFailed(t.Context(), a)

	off, _ := newLimiter(t, Config{})
	for range 100 {
		require.NoError(t, off.Address(a))
		require.NoError(t, off.Account("x"))
		off.AuthFailed(t.Context(), a)
	}
	require.NoError(t, off.AuthAllowed(a))
}

func TestAuthFailuresGrowThenRefuse(t *testing.T) {
	t.Parallel()
	l, c := newLimiter(t, Config{AuthFailures: 4, AuthWindow: time.Minute, AuthDelay: time.Second, AuthMaxDelay: 3 * time.Second})
	a := netip.MustParseAddr("192.0.2.7")
	var delays []time.Duration
	for range 4 {
		require.NoError(t, l.AuthAllowed(a))
		delays = append(delays, l.delay(l.countFailure(a)))
	}
	require.Equal(t, []time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second}, delays)

	var re *RefusedError
	require.ErrorAs(t, l.AuthAllowed(a), &re)
	require.Equal(t, LimitAuthFailures, re.Limit)
	require.Equal(t, time.Minute, re.RetryAfter)
	require.NoError(t, l.AuthAllowed(netip.MustParseAddr("192.0.2.8")), "other addresses are not refused")

	c.advance(time.Minute + time.Second)
	require.NoError(t, l.AuthAllowed(a), "the window passed")
	require.Equal(t, 1, l.countFailure(a), "and the count starts again")
}

func TestAuthFailedWaitsUntilContextEnds(t *testing.T) {
	t.Parallel()
	l := New(Config{AuthFailures: 5, AuthWindow: time.Minute, AuthDelay: time.Hour, AuthMaxDelay: time.Hour}, zaptest.NewLogger(t))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	l.AuthFailed(ctx, netip.MustParseAddr("192.0.2.1")) // returns at once: ctx is done
}

func TestTablesStayBounded(t *testing.T) {
	t.Parallel()
	l, c := newLimiter(t, Config{AddressRate: 1, AddressBurst: 1, AuthFailures: 3, AuthWindow: time.Minute, MaxKeys: 10})
	for i := range 100 {
		a := netip.AddrFrom4([4]byte{10, 0, byte(i / 256), byte(i)})
		_ = l.Address(a)
		l.countFailure(a)
		c.advance(time.Millisecond)
	}
	require.LessOrEqual(t, len(l.addresses), 10)
	require.LessOrEqual(t, len(l.fails), 10)
}

func TestParseAddr(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"192.0.2.1:53589":    "192.0.2.1",
		"[2001:db8::1]:80":   "2001:db8::1",
		"[::ffff:1.2.3.4]:1": "1.2.3.4",
		"192.0.2.9":          "192.0.2.9",
		"pipe":               "invalid IP",
	} {
		require.Equal(t, want, ParseAddr(in).String(), "ParseAddr(%q)", in)
	}
}
