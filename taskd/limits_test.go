package taskd

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/ratelimit"
)

// countRefusals counts the refusals a server reports, by protocol and limit.
type countRefusals struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *countRefusals) ObserveRefusal(protocol, limit string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[protocol+"/"+limit]++
}

func (c *countRefusals) count(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

// setupLimited starts a server whose requests pass the limits of rc.
func setupLimited(t *testing.T, rc ratelimit.Config) (*testBundle, *countRefusals) {
	t.Helper()
	b := setup(t, Config{}, &fakeBackend{})
	b.srv.SetLimiter(ratelimit.New(rc, b.srv.log))
	obs := &countRefusals{n: map[string]int{}}
	b.srv.SetObserver(obs)
	return b, obs
}

func TestRateLimitsAnswer420(t *testing.T) {
	t.Parallel()
	t.Run("Account", func(t *testing.T) {
		t.Parallel()
		b, obs := setupLimited(t, ratelimit.Config{AccountRate: 0.001, AccountBurst: 2})
		ok := request(syncHeaders(nil), "")
		for range 2 {
			require.Contains(t, b.mustExchange(t, ok), "code: 201\n")
		}
		resp := b.mustExchange(t, ok)
		require.Regexp(t, `^client: taskgate 1.2.3\ncode: 420\nstatus: rate limit: too many requests for this account; try again in \d+ s\n`, resp)
		require.Equal(t, 1, obs.count("taskd/account_rate"))
	})
	t.Run("Address", func(t *testing.T) {
		t.Parallel()
		b, obs := setupLimited(t, ratelimit.Config{AddressRate: 0.001, AddressBurst: 1})
		require.Contains(t, b.mustExchange(t, request(syncHeaders(nil), "")), "code: 201\n")
		resp := b.mustExchange(t, "not even a message")
		require.Contains(t, resp, "code: 420\nstatus: rate limit: too many requests from this address; try again in ")
		require.Equal(t, 1, obs.count("taskd/address_rate"))
	})
}

func TestFailedAuthenticationsGrowThenRefuse(t *testing.T) {
	t.Parallel()
	delay := 50 * time.Millisecond
	b, obs := setupLimited(t, ratelimit.Config{AuthFailures: 3, AuthWindow: time.Hour, AuthDelay: delay, AuthMaxDelay: time.Second})
	wrong := request(syncHeaders(map[string]string{"key": testNewKey}), "")
	var took []time.Duration
	for range 3 {
		start := time.Now()
		require.Equal(t, response(430, "Access denied", ""), b.mustExchange(t, wrong))
		took = append(took, time.Since(start))
	}
	// Each failed answer waited at least its delay: 50, 100 and 200 ms.
	for i, d := range []time.Duration{delay, 2 * delay, 4 * delay} {
		require.GreaterOrEqual(t, took[i], d, "failure %d", i+1)
	}
	resp := b.mustExchange(t, request(syncHeaders(nil), ""))
	require.Contains(t, resp, "code: 420\nstatus: too many failed authentications from this address; try again in ")
	require.Equal(t, 1, obs.count("taskd/auth_failures"))
	require.True(t, b.containsLog("failed authentications reached the limit; refusing the address"))
}
