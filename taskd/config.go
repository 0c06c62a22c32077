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
	DefaultAddr             = ":53589"
	DefaultMaxRequestBytes  = 10 << 20
	DefaultHandshakeTimeout = 10 * time.Second
	DefaultReadTimeout      = 2 * time.Minute
	DefaultHandlerTimeout   = time.Minute
	DefaultWriteTimeout     = 2 * time.Minute
	DefaultMaxConns         = 128
	DefaultVersion          = "dev"
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

	// HandshakeTimeout bounds the TCP-accept-to-finished TLS handshake, so port scanners and
	// stalled clients give their connection slot back quickly. Default 10 s, ample for a
	// handshake even over a slow mobile link.
	HandshakeTimeout time.Duration

	// ReadTimeout bounds reading the whole request after the handshake (not each read), so a
	// client trickling bytes cannot hold a slot. Default 2 min: a full 10 MiB request over a
	// 1 Mbit/s uplink takes about 85 s. It also bounds draining an oversized request.
	ReadTimeout time.Duration

	// HandlerTimeout bounds the backend's work on one request (authentication plus sync); the
	// backend sees it as the deadline of its context. Default 1 min: a sync is normally a few
	// short transactions, and a client gets a 500 rather than waiting forever.
	HandlerTimeout time.Duration

	// WriteTimeout bounds writing the response. Default 2 min, enough to send a whole-history
	// download of several MiB to a slow client.
	WriteTimeout time.Duration

	// MaxConns is the most connections served at once. A connection accepted beyond it is closed
	// at once, before any TLS work, so the client fails fast ("Could not connect") instead of
	// hanging, and the server never queues behind stalled clients. Default 128: a sync holds its
	// slot for well under a second, so this covers bursts of many clients syncing at once.
	MaxConns int

	// Version is the taskgate version sent in every response as `client: taskgate <Version>`.
	// Default "dev".
	Version string
}

// withDefaults returns c with every zero field set to its default.
func (c Config) withDefaults() Config {
	c.Addr = cmp.Or(c.Addr, DefaultAddr)
	c.MaxRequestBytes = cmp.Or(c.MaxRequestBytes, DefaultMaxRequestBytes)
	c.HandshakeTimeout = cmp.Or(c.HandshakeTimeout, DefaultHandshakeTimeout)
	c.ReadTimeout = cmp.Or(c.ReadTimeout, DefaultReadTimeout)
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
		{"HandshakeTimeout", c.HandshakeTimeout}, {"ReadTimeout", c.ReadTimeout},
		{"HandlerTimeout", c.HandlerTimeout}, {"WriteTimeout", c.WriteTimeout},
	}
	for _, t := range timeouts {
		if t.d < 0 {
			errs = append(errs, fmt.Errorf("%s %v is negative", t.name, t.d))
		}
	}
	if c.MaxConns < 0 {
		errs = append(errs, fmt.Errorf("MaxConns %d is negative", c.MaxConns))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("taskd: invalid config: %w", err)
	}
	return nil
}
