package taskd

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"time"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/ratelimit"
)

// conn is one client connection: TLS handshake, one request, one response, close.
type conn struct {
	srv *Server
	nc  net.Conn
	tc  *tls.Conn
	log *zap.Logger
	// responded is set once a response write has been attempted, so that panic recovery never
	// writes a second one and close knows whether to linger.
	responded bool
	// slot is the connection's place among the pending connections (nil once it left them) and
	// request is set while it holds one of MaxConns request slots; both belong to admission.
	slot    *pendingSlot
	request bool
	// evicted is set when a newer connection pushed this pending one out.
	evicted atomic.Bool
}

// newConn wraps nc with the server's TLS config and a logger naming the peer and a connection
// number. The TLS layer reads through a watch that moves the connection to phaseHandshake when
// its first bytes arrive.
func (s *Server) newConn(nc net.Conn) *conn {
	c := &conn{
		srv: s,
		nc:  nc,
		log: s.log.With(zap.String("remote", nc.RemoteAddr().String()), zap.Uint64("conn", s.nextID.Add(1))),
	}
	c.tc = tls.Server(&firstBytes{Conn: nc, arrived: func() { s.admission.advance(c, phaseHandshake) }}, s.cfg.TLS)
	return c
}

// firstBytes is a net.Conn that calls arrived once, when the first bytes are read from it.
type firstBytes struct {
	net.Conn
	arrived func()
	seen    bool
}

// Read implements net.Conn.
func (f *firstBytes) Read(p []byte) (int, error) {
	n, err := f.Conn.Read(p)
	if n > 0 && !f.seen {
		f.seen = true
		f.arrived()
	}
	return n, err
}

// serve runs the whole exchange. Every phase has its own deadline, so a stalled client only ever
// holds its own slot, and only for a bounded time.
func (c *conn) serve(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	defer c.srv.untrackConn(c)
	defer c.close()
	defer c.recoverPanic()

	if err := c.handshake(ctx); err != nil {
		c.logIO("TLS handshake failed", err)
		return
	}
	ctx = WithPeer(ctx, c.peer())
	body, err := c.readRequest()
	switch {
	case err == nil:
		c.writeResponse(c.srv.handle(ctx, c.log, ratelimit.AddrOf(c.nc.RemoteAddr()), body))
	case answerable(err):
		c.writeResponse(c.srv.resp.status(statusFor(c.log, err)))
	default:
		c.logIO("reading request failed", err)
	}
}

// errBusy answers a request that arrives while MaxConns requests are being served.
var errBusy = NewStatusError(StatusUnavailable, "Server busy: too many requests in progress; try again", nil)

// handshake runs the TLS handshake (client certificate included) under HandshakeTimeout.
func (c *conn) handshake(ctx context.Context) error {
	if err := c.nc.SetDeadline(time.Now().Add(c.srv.cfg.HandshakeTimeout)); err != nil {
		return fmt.Errorf("taskd: set handshake deadline: %w", err)
	}
	if err := c.tc.HandshakeContext(ctx); err != nil {
		return c.evictedOr(fmt.Errorf("taskd: TLS handshake: %w", err))
	}
	c.srv.admission.advance(c, phaseReady)
	state := c.tc.ConnectionState()
	c.log.Debug("TLS handshake done",
		zap.String("version", tls.VersionName(state.Version)),
		zap.String("cipher", tls.CipherSuiteName(state.CipherSuite)))
	return nil
}

// peer returns the client's address and verified certificate.
func (c *conn) peer() Peer {
	p := Peer{Addr: c.nc.RemoteAddr()}
	if certs := c.tc.ConnectionState().PeerCertificates; len(certs) > 0 {
		p.Certificate = certs[0]
	}
	return p
}

// readRequest reads the request frame: its header under HeaderTimeout, then, holding a request
// slot, its body at MinBodyRate at least. An oversized request is drained at the same rate
// before its error is returned, so that the 504 reaches a client that is still sending. The
// deadlines cover writes too: TLS may have to answer the client (a TLS 1.3 KeyUpdate) while
// reading.
func (c *conn) readRequest() ([]byte, error) {
	if err := c.nc.SetDeadline(time.Now().Add(c.srv.cfg.HeaderTimeout)); err != nil {
		return nil, fmt.Errorf("taskd: set header deadline: %w", err)
	}
	size, err := readFrameHeader(c.tc)
	if err != nil {
		return nil, c.evictedOr(err)
	}
	ok, refused := c.srv.admission.promote(c, time.Now())
	if refused > 0 {
		c.srv.log.Warn("requests refused: too many in progress",
			zap.Int("refused", refused), zap.Int("max_conns", c.srv.cfg.MaxConns))
	}
	if !ok {
		return nil, c.evictedOr(errBusy)
	}
	body := c.bodyReader()
	if limit := int64(c.srv.cfg.MaxRequestBytes); size >= limit {
		tooBig := &FrameTooBigError{Size: size, Limit: limit}
		if n, err := DrainFrame(body, tooBig, maxDrainBytes); err != nil {
			c.log.Debug("oversized request not fully drained", zap.Int64("drained", n), zap.Error(err))
		}
		return nil, tooBig
	}
	return readFrameBody(body, int(size))
}

// bodyReader returns the connection's reader under the minimum body rate, starting now.
func (c *conn) bodyReader() io.Reader {
	return &rateReader{r: c.tc, nc: c.nc, start: time.Now(), grace: c.srv.cfg.HeaderTimeout, rate: c.srv.cfg.MinBodyRate}
}

// evictedOr returns errEvicted when the connection was evicted from the pending pool (which is
// why err happened), and err otherwise.
func (c *conn) evictedOr(err error) error {
	if c.evicted.Load() {
		return fmt.Errorf("%w (%w)", errEvicted, err)
	}
	return err
}

// errEvicted marks the failure of a pending connection that a newer one evicted.
var errEvicted = errors.New("taskd: evicted by newer pending connections")

// answerable reports whether a read error still deserves a response (the client is waiting for
// one) rather than a silent close (the client is gone or stalled).
func answerable(err error) bool {
	if errors.Is(err, errEvicted) {
		return false
	}
	var tooBig *FrameTooBigError
	return errors.As(err, &tooBig) || errors.Is(err, ErrFrameLength) || errors.Is(err, errBusy)
}

// writeResponse sends resp under WriteTimeout.
func (c *conn) writeResponse(resp Message) {
	c.responded = true
	if err := c.nc.SetWriteDeadline(time.Now().Add(c.srv.cfg.WriteTimeout)); err != nil {
		c.log.Debug("set write deadline", zap.Error(err))
		return
	}
	if err := WriteFrame(c.tc, resp.Encode()); err != nil {
		c.logIO("writing response failed", err)
	}
}

// recoverPanic turns a panic while serving into a log line with the stack and, when no response
// was attempted yet, a 500 "Internal error" for the client.
func (c *conn) recoverPanic() {
	r := recover()
	if r == nil {
		return
	}
	c.log.Error("panic serving connection", zap.Any("panic", r), zap.StackSkip("stack", 1))
	if !c.responded && c.tc.ConnectionState().HandshakeComplete {
		c.writeResponse(c.srv.resp.status(NewStatusError(StatusSyntaxError, TextInternalError, nil)))
	}
}

// close ends the connection. After a response it sends close_notify first and waits briefly for
// the client's, so that the socket is not closed with unread data (which would reset the
// connection and could destroy the response in the client's receive buffer).
func (c *conn) close() {
	if c.responded {
		c.linger()
	}
	if err := c.tc.Close(); err != nil && !isRoutine(err) {
		c.log.Debug("closing connection", zap.Error(err))
	}
}

// linger sends close_notify and reads until the client's close_notify or lingerTimeout.
func (c *conn) linger() {
	if err := c.nc.SetDeadline(time.Now().Add(lingerTimeout)); err != nil {
		return
	}
	if err := c.tc.CloseWrite(); err != nil {
		c.logIO("sending close_notify failed", err)
		return
	}
	if _, err := io.CopyN(io.Discard, c.tc, maxLingerBytes); err != nil && !isRoutine(err) {
		c.log.Debug("waiting for the client's close_notify", zap.Error(err))
	}
}

// logIO logs a transport failure: the routine ones (peer gone, timeouts) at debug, anything
// else, such as a rejected client certificate, at info. None of them is a server error.
func (c *conn) logIO(msg string, err error) {
	if isRoutine(err) {
		c.log.Debug(msg, zap.Error(err))
		return
	}
	c.log.Info(msg, zap.Error(err))
}

// isRoutine reports whether err is an everyday network failure: the peer closed or reset the
// connection, or a deadline passed.
func isRoutine(err error) bool {
	var ne net.Error
	return errors.Is(err, io.EOF) ||
		errors.Is(err, errEvicted) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) ||
		errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) ||
		(errors.As(err, &ne) && ne.Timeout())
}
