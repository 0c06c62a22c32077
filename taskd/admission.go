package taskd

import (
	"container/list"
	"net"
	"net/netip"
	"sync"
	"time"
)

// evictionLogEvery is how often, at most, evictions of pending connections are logged: a flood
// evicts thousands a second and must not turn into a flood of log lines.
const evictionLogEvery = 10 * time.Second

// admission keeps the two pools of connections apart: pending ones (accepted, not yet past their
// request's frame header), which anyone can open and which are bounded by eviction of the oldest,
// and requests (past the header, so holding a valid client certificate), which are bounded by
// refusal. It is safe for concurrent use.
type admission struct {
	maxPending, maxPerPeer, maxRequests int

	mu       sync.Mutex
	pending  list.List // of *conn, oldest first
	perPeer  map[netip.Prefix]*list.List
	requests int
	// evicted counts evictions since the last log line, lastLog is when that was.
	evicted int
	lastLog time.Time
}

// pendingSlot is a connection's place in the pending pool.
type pendingSlot struct {
	peer     netip.Prefix
	all      *list.Element
	fromPeer *list.Element
}

// newAdmission returns the admission of a server configured with cfg (defaults applied).
func newAdmission(cfg Config) *admission {
	return &admission{
		maxPending:  cfg.MaxPending,
		maxPerPeer:  cfg.MaxPendingPerPeer,
		maxRequests: cfg.MaxConns,
		perPeer:     make(map[netip.Prefix]*list.List),
	}
}

// evictions is the outcome of admitting a connection: the pending connections it pushed out,
// which the caller closes, and, when a log line is due, how many were evicted since the last.
type evictions struct {
	conns  []*conn
	report int
}

// admit adds c to the pending pool, evicting the oldest pending connection of its peer when the
// peer is at its cap, and the oldest of all when the pool is.
func (a *admission) admit(c *conn, now time.Time) evictions {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out evictions
	peer := peerOf(c.nc.RemoteAddr())
	fromPeer := a.perPeer[peer]
	if fromPeer == nil {
		fromPeer = list.New()
		a.perPeer[peer] = fromPeer
	}
	if fromPeer.Len() >= a.maxPerPeer {
		out.conns = append(out.conns, a.evictLocked(fromPeer.Front().Value.(*conn)))
	}
	if a.pending.Len() >= a.maxPending {
		out.conns = append(out.conns, a.evictLocked(a.pending.Front().Value.(*conn)))
	}
	c.slot = &pendingSlot{peer: peer, all: a.pending.PushBack(c), fromPeer: fromPeer.PushBack(c)}
	if len(out.conns) > 0 {
		a.evicted += len(out.conns)
		if now.Sub(a.lastLog) >= evictionLogEvery {
			out.report, a.evicted, a.lastLog = a.evicted, 0, now
		}
	}
	return out
}

// evictLocked removes c from the pending pool and marks it evicted; the caller closes it.
func (a *admission) evictLocked(c *conn) *conn {
	a.removeLocked(c)
	c.evicted.Store(true)
	return c
}

// removeLocked takes c out of the pending pool, if it is there.
func (a *admission) removeLocked(c *conn) {
	s := c.slot
	if s == nil {
		return
	}
	c.slot = nil
	a.pending.Remove(s.all)
	fromPeer := a.perPeer[s.peer]
	fromPeer.Remove(s.fromPeer)
	if fromPeer.Len() == 0 {
		delete(a.perPeer, s.peer)
	}
}

// promote moves c from the pending pool to the requests, unless MaxConns requests are being
// served or c was evicted meanwhile; false means c must not be served.
func (a *admission) promote(c *conn) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if c.slot == nil || a.requests >= a.maxRequests {
		return false
	}
	a.removeLocked(c)
	a.requests++
	c.request = true
	return true
}

// leave forgets c, whichever pool it is in.
func (a *admission) leave(c *conn) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.removeLocked(c)
	if c.request {
		c.request = false
		a.requests--
	}
}

// counts returns the number of pending connections and of requests being served.
func (a *admission) counts() (pending, requests int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.pending.Len(), a.requests
}

// peerOf returns the source a connection is counted against: its IPv4 address, or the /64 of its
// IPv6 address (one subscriber's usual allocation). Addresses of other kinds share one source.
func peerOf(addr net.Addr) netip.Prefix {
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return netip.Prefix{}
	}
	ip := ap.Addr().Unmap()
	bits := 32
	if ip.Is6() {
		bits = 64
	}
	p, err := ip.Prefix(bits)
	if err != nil {
		return netip.Prefix{}
	}
	return p
}
