package taskd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/ratelimit"
)

// ErrServerClosed is returned by Serve and ListenAndServe when they are called after Shutdown or
// Close.
var ErrServerClosed = errors.New("taskd: server closed")

// Accept backoff after a temporary error (e.g. too many open files): 5 ms doubling to 1 s, as
// net/http does, so the loop neither spins nor stalls for long once the condition clears.
const (
	acceptBackoffMin = 5 * time.Millisecond
	acceptBackoffMax = time.Second
)

// Server serves the taskd protocol over TLS: one goroutine per connection, one request and one
// response per connection.
type Server struct {
	cfg     Config
	backend Backend
	log     *zap.Logger
	resp    responder
	limit   *ratelimit.Limiter // nil: no rate limits
	obs     RefusalObserver    // nil: refusals are not counted

	// baseCtx is the parent of every connection's context; cancel ends it on Close or when
	// Shutdown gives up waiting.
	baseCtx context.Context
	cancel  context.CancelFunc
	nextID  atomic.Uint64
	// admission bounds pending connections (by eviction) and requests (by refusal).
	admission *admission

	mu        sync.Mutex
	listeners []net.Listener
	conns     map[*conn]struct{}
	closing   bool
	// done is closed when Shutdown or Close begins; idle once closing and no connection is left.
	done      chan struct{}
	idle      chan struct{}
	idleFired bool
}

// New returns a Server for cfg (defaults applied, see Config) that answers requests through
// backend and logs to log (narrowed to "taskd").
func New(cfg Config, backend Backend, log *zap.Logger) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if backend == nil {
		return nil, errors.New("taskd: backend is required")
	}
	if log == nil {
		log = zap.NewNop()
	}
	// A private copy: later changes by the caller must not race with handshakes.
	cfg.TLS = cfg.TLS.Clone()
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{
		cfg:       cfg,
		backend:   backend,
		log:       log.Named("taskd"),
		resp:      newResponder(cfg.Version),
		baseCtx:   ctx,
		cancel:    cancel,
		conns:     make(map[*conn]struct{}),
		admission: newAdmission(cfg),
		done:      make(chan struct{}),
		idle:      make(chan struct{}),
	}, nil
}

// RefusalObserver counts requests refused by a limit, for metrics.
type RefusalObserver interface {
	// ObserveRefusal records a request of protocol refused by limit.
	ObserveRefusal(protocol, limit string)
}

// protocolName labels this protocol's refusals in metrics.
const protocolName = "taskd"

// SetLimiter makes every request pass l's rate limits. Call it before Serve.
func (s *Server) SetLimiter(l *ratelimit.Limiter) { s.limit = l }

// SetObserver makes every request refused by a rate limit counted by o. Call it before Serve.
func (s *Server) SetObserver(o RefusalObserver) { s.obs = o }

// ListenAndServe listens on Config.Addr and serves until Shutdown or Close; see Serve.
func (s *Server) ListenAndServe() error {
	if s.isClosing() {
		return ErrServerClosed
	}
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("taskd: listen: %w", err)
	}
	return s.Serve(ln)
}

// Serve accepts TCP connections on ln (plain TCP: the server does the TLS handshake itself, in
// each connection's goroutine) until Shutdown or Close, then returns nil. Temporary accept errors
// are retried with backoff; any other accept error is returned. Serve takes ownership of ln.
func (s *Server) Serve(ln net.Listener) error {
	if !s.addListener(ln) {
		return errors.Join(ErrServerClosed, ln.Close())
	}
	s.log.Info("serving taskd", zap.Stringer("addr", ln.Addr()))
	var delay time.Duration
	for {
		nc, err := ln.Accept()
		if err != nil {
			if s.isClosing() {
				return nil
			}
			if !isTemporary(err) {
				return fmt.Errorf("taskd: accept: %w", err)
			}
			delay = min(max(2*delay, acceptBackoffMin), acceptBackoffMax)
			s.log.Warn("accept failed; retrying", zap.Error(err), zap.Duration("delay", delay))
			if !s.sleep(delay) {
				return nil
			}
			continue
		}
		delay = 0
		s.startConn(nc)
	}
}

// Addr returns the address of the first listener being served, or nil before Serve.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.listeners) == 0 {
		return nil
	}
	return s.listeners[0].Addr()
}

// Shutdown stops accepting, then waits for the connections in flight to finish. If ctx ends
// first, it closes them, cancels their contexts (aborting backend calls) and returns ctx's error
// without waiting for their goroutines. Errors from closing the listeners are returned too.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.beginClose()
	select {
	case <-s.idle:
		s.cancel()
		return err
	case <-ctx.Done():
		s.closeConns()
		s.cancel()
		return errors.Join(err, fmt.Errorf("taskd: shutdown: %w", ctx.Err()))
	}
}

// Close stops accepting and closes every connection at once, without waiting.
func (s *Server) Close() error {
	err := s.beginClose()
	s.closeConns()
	s.cancel()
	return err
}

// isTemporary reports whether an accept error is worth retrying (the listener still works).
func isTemporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

// sleep waits for d; it returns false when the server began closing meanwhile.
func (s *Server) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.done:
		return false
	}
}

// startConn registers nc and serves it in its own goroutine, or closes it at once when the
// server is closing. A new connection is always admitted: when the pending pool is full, the
// oldest pending connections make room (see Config.MaxPending).
func (s *Server) startConn(nc net.Conn) {
	c := s.newConn(nc)
	if !s.trackConn(c) {
		if err := nc.Close(); err != nil {
			c.log.Debug("closing refused connection", zap.Error(err))
		}
		return
	}
	ev := s.admission.admit(c, time.Now())
	for _, old := range ev.conns {
		if err := old.nc.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			old.log.Debug("closing evicted connection", zap.Error(err))
		}
	}
	if ev.report > 0 {
		s.log.Warn("pending connections evicted: too many connections that have not sent a request",
			zap.Int("evicted", ev.report), zap.Int("max_pending", s.cfg.MaxPending),
			zap.Int("max_pending_per_peer", s.cfg.MaxPendingPerPeer))
	}
	go c.serve(s.baseCtx)
}
