package taskd

import (
	"container/list"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/taskgate/taskgate/ratelimit"
)

// evictionLogEvery is how often, at most, evictions of pending connections (and, apart, requests
// refused at MaxConns) are logged: a flood evicts thousands a second and must not turn into a
// flood of log lines.
const evictionLogEvery = 10 * time.Second

// logTally counts events between two log lines about them, at most one per evictionLogEvery.
type logTally struct {
	n    int
	last time.Time
}

// add counts n events at now and returns how many to log: all counted since the last line when
// a line is due, else 0.
func (t *logTally) add(n int, now time.Time) (report int) {
	t.n += n
	if now.Sub(t.last) < evictionLogEvery {
		return 0
	}
	report, t.n, t.last = t.n, 0, now
	return report
}

// Phases of a pending connection, in the order it goes through them. Eviction takes the oldest
// connection of the earliest phase present: a stalled connection that never sent a byte goes
// before one in the middle of its handshake, which goes before one with a finished handshake
// (a valid client certificate), so a flood of stalled connections pushes out its own kind
// first and a real client, which moves on within milliseconds, is the last to go.
const (
	phaseSilent    = iota // accepted, nothing received
	phaseHandshake        // the TLS handshake has begun
	phaseReady            // the handshake is done; the request has not begun
	phaseCount
)

// admission keeps the two pools of connections apart: pending ones (accepted, not yet past their
// request's frame header), which anyone can open and which are bounded by eviction, and requests
// (past the header, so holding a valid client certificate), which are bounded by refusal. It is
// safe for concurrent use.
type admission struct {
	maxPending, maxPerPeer, maxRequests int

	mu       sync.Mutex
	pending  queues
	perPeer  map[netip.Prefix]*queues
	requests int
	// evicted and refused count evictions and requests refused at MaxConns for their log lines.
	evicted, refused logTally
}

// queues holds pending connections by phase, each list oldest first.
type queues struct {
	byPhase [phaseCount]list.List
	n       int
}

// push adds c at the back of its phase's list.
func (q *queues) push(c *conn, phase int) *list.Element {
	q.n++
	return q.byPhase[phase].PushBack(c)
}

// remove takes e out of its phase's list.
func (q *queues) remove(e *list.Element, phase int) {
	q.n--
	q.byPhase[phase].Remove(e)
}

// oldest returns the oldest connection of the earliest phase present; q must not be empty.
func (q *queues) oldest() *conn {
	for i := range q.byPhase {
		if e := q.byPhase[i].Front(); e != nil {
			return e.Value.(*conn)
		}
	}
	panic("taskd: oldest of no pending connection")
}

// pendingSlot is a connection's place among the pending ones.
type pendingSlot struct {
	peer     netip.Prefix
	phase    int
	all      *list.Element
	fromPeer *list.Element
}

// newAdmission returns the admission of a server configured with cfg (defaults applied).
func newAdmission(cfg Config) *admission {
	return &admission{
		maxPending:  cfg.MaxPending,
		maxPerPeer:  cfg.MaxPendingPerPeer,
		maxRequests: cfg.MaxConns,
		perPeer:     make(map[netip.Prefix]*queues),
	}
}

// evictions is the outcome of admitting a connection: the pending connections it pushed out,
// which the caller closes, and, when a log line is due, how many were evicted since the last.
type evictions struct {
	conns  []*conn
	report int
}

// admit adds c to the pending connections, first evicting its peer's oldest (see the phases)
// when the peer is at its cap, and the oldest of all when all pending connections are.
func (a *admission) admit(c *conn, now time.Time) evictions {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out evictions
	peer := peerOf(c.nc.RemoteAddr())
	if fromPeer := a.perPeer[peer]; fromPeer != nil && fromPeer.n >= a.maxPerPeer {
		out.conns = append(out.conns, a.evictLocked(fromPeer.oldest()))
	}
	if a.pending.n >= a.maxPending {
		out.conns = append(out.conns, a.evictLocked(a.pending.oldest()))
	}
	// Looked up after evicting: an eviction that empties the peer's queue drops it.
	fromPeer := a.perPeer[peer]
	if fromPeer == nil {
		fromPeer = &queues{}
		a.perPeer[peer] = fromPeer
	}
	c.slot = &pendingSlot{peer: peer, phase: phaseSilent}
	a.pushLocked(c, fromPeer)
	if len(out.conns) > 0 {
		out.report = a.evicted.add(len(out.conns), now)
	}
	return out
}

// advance moves a pending connection on to phase (a later one), at the back of its list.
func (a *admission) advance(c *conn, phase int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := c.slot
	if s == nil || s.phase >= phase {
		return
	}
	fromPeer := a.perPeer[s.peer]
	a.pending.remove(s.all, s.phase)
	fromPeer.remove(s.fromPeer, s.phase)
	s.phase = phase
	a.pushLocked(c, fromPeer)
}

// pushLocked puts c, whose slot names its peer and phase, into the queues.
func (a *admission) pushLocked(c *conn, fromPeer *queues) {
	s := c.slot
	s.all = a.pending.push(c, s.phase)
	s.fromPeer = fromPeer.push(c, s.phase)
}

// evictLocked removes c from the pending connections and marks it evicted; the caller closes it.
func (a *admission) evictLocked(c *conn) *conn {
	a.removeLocked(c)
	c.evicted.Store(true)
	return c
}

// removeLocked takes c out of the pending connections, if it is there.
func (a *admission) removeLocked(c *conn) {
	s := c.slot
	if s == nil {
		return
	}
	c.slot = nil
	a.pending.remove(s.all, s.phase)
	fromPeer := a.perPeer[s.peer]
	fromPeer.remove(s.fromPeer, s.phase)
	if fromPeer.n == 0 {
		delete(a.perPeer, s.peer)
	}
}

// promote moves c from the pending connections to the requests, unless MaxConns requests are
// being served or c was evicted meanwhile; false means c must not be served. When a log line
// about refusals is due, report is how many were refused since the last.
func (a *admission) promote(c *conn, now time.Time) (ok bool, report int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if c.slot == nil {
		return false, 0
	}
	if a.requests >= a.maxRequests {
		return false, a.refused.add(1, now)
	}
	a.removeLocked(c)
	a.requests++
	c.request = true
	return true, 0
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
	return a.pending.n, a.requests
}

// peerOf returns the source a connection is counted against: its IPv4 address, or the /64 of its
// IPv6 address (one subscriber's usual allocation), as the rate limiter counts it. Addresses of
// other kinds share one source.
func peerOf(addr net.Addr) netip.Prefix { return ratelimit.Prefix(ratelimit.AddrOf(addr)) }
