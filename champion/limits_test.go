package champion_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/ratelimit"
	"github.com/taskgate/taskgate/store"
)

// refusals counts the refusals a handler reports, by protocol and limit.
type refusals struct {
	mu sync.Mutex
	n  map[string]int
}

func (r *refusals) ObserveHTTP(string, int, string, time.Duration) {}

func (r *refusals) ObserveRefusal(protocol, limit string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n[protocol+"/"+limit]++
}

func (r *refusals) count(key string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n[key]
}

// newLimitedHarness is a harness whose core has the default quota q and whose handler passes
// the limits of rc.
func newLimitedHarness(t *testing.T, st testStore, q store.Quota, rc ratelimit.Config, mutate func(*champion.Config)) (*harness, *refusals) {
	h := &harness{t: t, st: st, now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	cfg := champion.DefaultConfig()
	if mutate != nil {
		mutate(&cfg)
	}
	cc := cfg.CoreConfig()
	cc.Quota = q
	srv := champion.New(cfg, st, chain.New(st, keys.MasterKey{}, cc), zaptest.NewLogger(t))
	obs := &refusals{n: map[string]int{}}
	srv.SetObserver(obs)
	srv.SetLimiter(ratelimit.New(rc, zaptest.NewLogger(t)))
	h.handler = srv.Handler()
	return h, obs
}

func TestAddVersionOverQuota(t *testing.T) {
	t.Parallel()
	forEachStore(t, func(t *testing.T, st testStore) {
		h, obs := newLimitedHarness(t, st, store.Quota{Bytes: 10, Versions: 3}, ratelimit.Config{}, nil)
		client := uuid.New()
		v1 := h.mustAdd(client, uuid.Nil, "123456")

		rec := h.addVersion(client, v1, "12345")
		require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		require.Equal(t, "account quota exceeded: the limit is 10 stored bytes and the account holds 6; "+
			"ask the server's administrator to raise it", rec.Body.String())
		require.Equal(t, 1, obs.count("taskchampion/quota_bytes"))

		got := h.getChild(client, v1)
		require.Equal(t, http.StatusNotFound, got.Code, "nothing was stored after the refusal")

		v2 := h.mustAdd(client, v1, "1")
		v3 := h.mustAdd(client, v2, "1")
		rec = h.addVersion(client, v3, "1")
		require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		require.Contains(t, rec.Body.String(), "the limit is 3 versions")
		require.Equal(t, 1, obs.count("taskchampion/quota_versions"))

		rec = h.addSnapshot(client, v3, "a snapshot over the byte quota")
		require.Equal(t, http.StatusOK, rec.Code, "the protocol answers every valid snapshot 200")
		require.Equal(t, http.StatusNotFound, h.getSnapshot(client).Code, "but it was not kept")
	})
}

func TestRateLimitsAnswer429(t *testing.T) {
	t.Parallel()
	forEachStore(t, func(t *testing.T, st testStore) {
		h, obs := newLimitedHarness(t, st, store.Quota{}, ratelimit.Config{AccountRate: 0.001, AccountBurst: 2, AddressRate: 0.001, AddressBurst: 4}, nil)
		client := uuid.New()
		v1 := h.mustAdd(client, uuid.Nil, "v")
		require.Equal(t, http.StatusNotFound, h.getChild(client, v1).Code)

		rec := h.getChild(client, v1)
		require.Equal(t, http.StatusTooManyRequests, rec.Code)
		require.True(t, strings.HasPrefix(rec.Body.String(), "rate limit: too many requests for this account; try again in "), rec.Body.String())
		require.NotEmpty(t, rec.Header().Get("Retry-After"))
		require.Equal(t, 1, obs.count("taskchampion/account_rate"))

		rec = h.getChild(uuid.New(), v1)
		require.Equal(t, http.StatusNotFound, rec.Code, "another account, the address's fourth request")
		rec = h.getChild(uuid.New(), v1)
		require.Equal(t, http.StatusTooManyRequests, rec.Code)
		require.Contains(t, rec.Body.String(), "too many requests from this address")
		require.Equal(t, 1, obs.count("taskchampion/address_rate"))
	})
}

func TestUnknownClientIDsAreFailedAuthentications(t *testing.T) {
	t.Parallel()
	forEachStore(t, func(t *testing.T, st testStore) {
		rc := ratelimit.Config{AuthFailures: 2, AuthWindow: time.Hour}
		h, obs := newLimitedHarness(t, st, store.Quota{}, rc, func(c *champion.Config) { c.CreateClients = false })
		for range 2 {
			require.Equal(t, http.StatusNotFound, h.getChild(uuid.New(), uuid.Nil).Code)
		}
		rec := h.getChild(uuid.New(), uuid.Nil)
		require.Equal(t, http.StatusTooManyRequests, rec.Code)
		require.Contains(t, rec.Body.String(), "too many failed authentications from this address")
		require.Equal(t, 1, obs.count("taskchampion/auth_failures"))
	})
}

func TestForwardedForNamesTheClientBehindAProxy(t *testing.T) {
	t.Parallel()
	forEachStore(t, func(t *testing.T, st testStore) {
		h, _ := newLimitedHarness(t, st, store.Quota{}, ratelimit.Config{AddressRate: 0.001, AddressBurst: 1}, nil)
		// httptest requests come from 192.0.2.1, a documentation address: not a trusted proxy,
		// so X-Forwarded-For is ignored and both share its bucket.
		from := func(xff string) int {
			return h.do(req{method: http.MethodGet, path: "/v1/client/get-child-version/" + uuid.Nil.String(),
				clientID: uuid.New().String(), header: map[string]string{"X-Forwarded-For": xff}}).Code
		}
		require.Equal(t, http.StatusNotFound, from("198.51.100.1"))
		require.Equal(t, http.StatusTooManyRequests, from("198.51.100.2"), "a spoofed header from a public peer is not believed")
	})
}
