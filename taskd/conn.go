package taskd

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"time"

	"go.uber.org/zap"
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
}

// newConn wraps nc with the server's TLS config and a logger naming the peer and a connection
// number.
func (s *Server) newConn(nc net.Conn) *conn {
	return &conn{
		srv: s,
		nc:  nc,
		tc:  tls.Server(nc, s.cfg.TLS),
		log: s.log.With(zap.String("remote", nc.RemoteAddr().String()), zap.Uint64("conn", s.nextID.Add(1))),
	}
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
		c.writeResponse(c.srv.handle(ctx, c.log, body))
	case answerable(err):
		c.writeResponse(c.srv.resp.status(statusFor(c.log, err)))
	default:
		c.logIO("reading request failed", err)
	}
}

// handshake runs the TLS handshake (client certificate included) under HandshakeTimeout.
func (c *conn) handshake(ctx context.Context) error {
	if err := c.nc.SetDeadline(time.Now().Add(c.srv.cfg.HandshakeTimeout)); err != nil {
		return fmt.Errorf("taskd: set handshake deadline: %w", err)
	}
	if err := c.tc.HandshakeContext(ctx); err != nil {
		return fmt.Errorf("taskd: TLS handshake: %w", err)
	}
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

// readRequest reads the request frame under ReadTimeout. An oversized request is drained before
// its error is returned, so that the 504 reaches a client that is still sending. The deadline
// covers writes too: TLS may have to answer the client (a TLS 1.3 KeyUpdate) while reading.
func (c *conn) readRequest() ([]byte, error) {
	if err := c.nc.SetDeadline(time.Now().Add(c.srv.cfg.ReadTimeout)); err != nil {
		return nil, fmt.Errorf("taskd: set read deadline: %w", err)
	}
	body, err := ReadFrame(c.tc, c.srv.cfg.MaxRequestBytes)
	var tooBig *FrameTooBigError
	if errors.As(err, &tooBig) {
		c.drain(tooBig)
	}
	return body, err
}

// drain discards an oversized request body under a fresh ReadTimeout and at most maxDrainBytes.
func (c *conn) drain(tooBig *FrameTooBigError) {
	if err := c.nc.SetDeadline(time.Now().Add(c.srv.cfg.ReadTimeout)); err != nil {
		c.log.Debug("set drain deadline", zap.Error(err))
		return
	}
	if n, err := DrainFrame(c.tc, tooBig, maxDrainBytes); err != nil {
		c.log.Debug("oversized request not fully drained", zap.Int64("drained", n), zap.Error(err))
	}
}

// answerable reports whether a read error still deserves a response (the client is waiting for
// one) rather than a silent close (the client is gone or stalled).
func answerable(err error) bool {
	var tooBig *FrameTooBigError
	return errors.As(err, &tooBig) || errors.Is(err, ErrFrameLength)
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
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) ||
		errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) ||
		(errors.As(err, &ne) && ne.Timeout())
}
