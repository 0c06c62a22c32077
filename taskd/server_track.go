package taskd

import (
	"errors"
	"fmt"
	"net"

	"go.uber.org/zap"
)

// addListener records ln; it returns false when the server is already closing.
func (s *Server) addListener(ln net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.listeners = append(s.listeners, ln)
	return true
}

// isClosing reports whether Shutdown or Close has begun.
func (s *Server) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// trackConn registers c unless the server is closing.
func (s *Server) trackConn(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

// untrackConn forgets c (admission included) and signals Shutdown when the last connection of a
// closing server ends.
func (s *Server) untrackConn(c *conn) {
	s.admission.leave(c)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	s.fireIdleLocked()
}

// fireIdleLocked closes idle once the server is closing and no connection is left.
func (s *Server) fireIdleLocked() {
	if s.closing && len(s.conns) == 0 && !s.idleFired {
		s.idleFired = true
		close(s.idle)
	}
}

// activeConns returns the number of connections being served.
func (s *Server) activeConns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// beginClose marks the server closing and closes its listeners (once).
func (s *Server) beginClose() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return nil
	}
	s.closing = true
	close(s.done)
	var errs []error
	for _, ln := range s.listeners {
		if err := ln.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, fmt.Errorf("taskd: close listener %s: %w", ln.Addr(), err))
		}
	}
	s.fireIdleLocked()
	return errors.Join(errs...)
}

// closeConns closes every connection's socket; their goroutines then fail and unregister.
func (s *Server) closeConns() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		if err := c.nc.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			c.log.Debug("closing connection", zap.Error(err))
		}
	}
}
