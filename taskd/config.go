package taskd

import (
	"cmp"
	"crypto/tls"
	"errors"
	"fmt"
	"time"
)

// Defaults for Config. Each is explained on the field it fills.
const (
	DefaultAddr              = ":53589"
	DefaultMaxRequestBytes   = 10 << 20
	DefaultHandshakeTimeout  = 5 * time.Second
	DefaultHeaderTimeout     = 5 * time.Second
	DefaultMinBodyRate       = 16 << 10
	DefaultHandlerTimeout    = time.Minute
	DefaultWriteTimeout      = 2 * time.Minute
	DefaultMaxConns          = 128
	DefaultMaxPending        = 512
	DefaultMaxPendingPerPeer = 32
	DefaultVersion           = "dev"
)

// Hard limits that are not worth a setting.
const (
	// maxDrainBytes is the largest oversized request that is read and discarded before the 504
	// is sent (the read deadline bounds the time). A larger one is answered at once; its client
	// will probably see a reset instead, but it has no chance of succeeding anyway.
	maxDrainBytes = 64 << 20
	// lingerTimeout is how long a connection waits, after its answer and close_notify, for the
	// client's own close_notify. Reading it avoids closing a socket with unread data, which makes
	// the kernel send a reset that can destroy the answer before the client has read it.
	lingerTimeout = time.Second
	// maxLingerBytes bounds what is read and discarded while lingering.
	maxLingerBytes = 64 << 10
)

// Config configures a Server. Zero fields take the documented defaults; TLS is required.
type Config struct {
	// Addr is the TCP address ListenAndServe listens on. Default ":53589", the port every
	// Taskwarrior 2.x guide and Taskserver's own examples use.
	Addr string

	// TLS is the server's TLS configuration, normally built by ServerTLSConfig. It must require a
	// client certificate (ClientAuth RequireAnyClientCert or RequireAndVerifyClientCert): taskd
	// clients always send one and Taskserver never ran without.
	TLS *tls.Config

	// MaxRequestBytes is the request limit: a request whose declared size (the frame length minus
	// its 4-byte prefix) is MaxRequestBytes or more is answered 504 "Request too big" without
	// being read. Default 10 MiB: Taskserver's `taskd init` wrote 1 MiB, which real users hit on
	// `task sync init` (docs/protocols/taskd.md §9), and its setup script used 10 MiB. Together
	// with MaxConns it bounds the memory requests can hold: MaxConns × MaxRequestBytes.
	MaxRequestBytes int

	// HandshakeTimeout bounds the TCP-accept-to-finished TLS handshake. Default 5 s: a
	// handshake is two round trips and one signature, well under a second even over a slow
	// mobile link with RSA-4096 certificates, and a connection that has not finished it by then
	// is stalled or hostile.
	HandshakeTimeout time.Duration

	// HeaderTimeout bounds the time from the finished handshake to the request's 4-byte frame
	// header: Taskwarrior sends its request at once. Default 5 s, for the same reason as
	// HandshakeTimeout. It is also the grace period the body's minimum rate starts with.
	HeaderTimeout time.Duration

	// MinBodyRate is the slowest a request body (and an oversized one being drained) may
	// arrive, in bytes per second: reading it may take HeaderTimeout plus one second per
	// MinBodyRate bytes received, so a client that trickles bytes loses its connection while one
	// that keeps sending keeps it, whatever the size. Default 16 KiB/s (128 kbit/s, a poor
	// mobile link): a 10 MiB request may take up to 11 minutes, a typical 2 KiB one 5 s.
	MinBodyRate int

	// HandlerTimeout bounds the backend's work on one request (authentication plus sync); the
	// backend sees it as the deadline of its context. Default 1 min: a sync is normally a few
	// short transactions, and a client gets a 500 rather than waiting forever.
	HandlerTimeout time.Duration

	// WriteTimeout bounds writing the response. Default 2 min, enough to send a whole-history
	// download of several MiB to a slow client.
	WriteTimeout time.Duration

	// MaxConns is the most requests served at once: connections whose request frame header has
	// arrived (so they finished the handshake with a valid client certificate), until they
	// close. A request beyond it is answered 420 "Server busy" at once. Default 128: a sync holds
	// its slot for well under a second, so this covers bursts of many clients syncing at once,
	// while MaxConns × MaxRequestBytes bounds the memory request bodies can hold.
	MaxConns int

	// MaxPending is the most pending connections, those that have not yet sent their request's
	// frame header (in the TLS handshake or just after it). A new connection beyond it evicts the
	// oldest pending one rather than being refused: a stalled client can never lock out a new
	// one, and a real client, which finishes both phases in milliseconds, is never the oldest.
	// Default 512: a pending connection costs some 50 KiB (TLS state and its goroutine's
	// stack), so 25 MiB at most, and 512 is far more than the clients that connect within one
	// HandshakeTimeout.
	MaxPending int

	// MaxPendingPerPeer is the most pending connections from one source (an IPv4 address or an
	// IPv6 /64); a new one beyond it evicts the oldest pending connection from the same source.
	// So one flooding source evicts only its own connections, never other sources', until it
	// holds MaxPendingPerPeer of them. Default 32: a household behind one NAT address syncs a
	// handful of devices at a time.
	MaxPendingPerPeer int

	// Version is the taskgate version sent in every response as `client: taskgate <Version>`.
	// Default "dev".
	Version string
}

// withDefaults returns c with every zero field set to its default.
func (c Config) withDefaults() Config {
	c.Addr = cmp.Or(c.Addr, DefaultAddr)
	c.MaxRequestBytes = cmp.Or(c.MaxRequestBytes, DefaultMaxRequestBytes)
	c.HandshakeTimeout = cmp.Or(c.HandshakeTimeout, DefaultHandshakeTimeout)
	c.HeaderTimeout = cmp.Or(c.HeaderTimeout, DefaultHeaderTimeout)
	c.MinBodyRate = cmp.Or(c.MinBodyRate, DefaultMinBodyRate)
	c.MaxPending = cmp.Or(c.MaxPending, DefaultMaxPending)
	c.MaxPendingPerPeer = cmp.Or(c.MaxPendingPerPeer, DefaultMaxPendingPerPeer)
	c.HandlerTimeout = cmp.Or(c.HandlerTimeout, DefaultHandlerTimeout)
	c.WriteTimeout = cmp.Or(c.WriteTimeout, DefaultWriteTimeout)
	c.MaxConns = cmp.Or(c.MaxConns, DefaultMaxConns)
	c.Version = cmp.Or(c.Version, DefaultVersion)
	return c
}

// validate reports every problem of a defaulted config at once.
func (c Config) validate() error {
	var errs []error
	if c.TLS == nil {
		errs = append(errs, errors.New("TLS is required"))
	} else if c.TLS.ClientAuth != tls.RequireAnyClientCert && c.TLS.ClientAuth != tls.RequireAndVerifyClientCert {
		errs = append(errs, errors.New("TLS must require a client certificate"))
	}
	if c.MaxRequestBytes < 0 || int64(c.MaxRequestBytes) > MaxFrameBody+1 {
		errs = append(errs, fmt.Errorf("MaxRequestBytes %d is outside 1..%d", c.MaxRequestBytes, int64(MaxFrameBody)+1))
	}
	timeouts := []struct {
		name string
		d    time.Duration
	}{
		{"HandshakeTimeout", c.HandshakeTimeout}, {"HeaderTimeout", c.HeaderTimeout},
		{"HandlerTimeout", c.HandlerTimeout}, {"WriteTimeout", c.WriteTimeout},
	}
	for _, t := range timeouts {
		if t.d < 0 {
			errs = append(errs, fmt.Errorf("%s %v is negative", t.name, t.d))
		}
	}
	counts := []struct {
		name string
		n    int
	}{
		{"MaxConns", c.MaxConns}, {"MaxPending", c.MaxPending},
		{"MaxPendingPerPeer", c.MaxPendingPerPeer}, {"MinBodyRate", c.MinBodyRate},
	}
	for _, n := range counts {
		if n.n < 0 {
			errs = append(errs, fmt.Errorf("%s %d is negative", n.name, n.n))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("taskd: invalid config: %w", err)
	}
	return nil
}
