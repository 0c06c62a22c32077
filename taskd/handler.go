package taskd

import (
	"context"
	"errors"
	"net/netip"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/ratelimit"
)

// maxLoggedClientBytes bounds the free-text `client` header in log lines.
const maxLoggedClientBytes = 64

// handle turns one request body from peer into its response. Every error on the way, from
// parsing to the backend, goes through statusFor, the single error-to-status mapping.
//
// The body is read-only from here on: the message, its payload and the task lines of a sync
// request are views of it, never copies, so that a request costs its own size once rather than
// once per stage (see SyncRequest.Tasks).
func (s *Server) handle(ctx context.Context, log *zap.Logger, peer netip.Addr, body []byte) Message {
	if err := s.limit.Address(peer); err != nil {
		return s.refuse(log, err)
	}
	msg, err := parseMessage(unsafe.String(unsafe.SliceData(body), len(body)))
	if err != nil {
		return s.resp.status(statusFor(log, err))
	}
	req, err := DecodeRequest(msg)
	if err != nil {
		return s.resp.status(statusFor(log, err))
	}
	// Org and user are validated names, not secrets; the key is never logged.
	log = log.With(zap.String("type", req.Type),
		zap.String("org", req.Credentials.Org), zap.String("user", req.Credentials.User))
	ctx, cancel := context.WithTimeout(ctx, s.cfg.HandlerTimeout)
	defer cancel()
	resp, err := s.dispatch(ctx, log, peer, req)
	if err != nil {
		return s.refuse(log, err)
	}
	return resp
}

// refuse answers err, counting it when a limit refused the request.
func (s *Server) refuse(log *zap.Logger, err error) Message {
	var rl *ratelimit.RefusedError
	if s.obs != nil && errors.As(err, &rl) {
		s.obs.ObserveRefusal(protocolName, string(rl.Limit))
	}
	return s.resp.status(statusFor(log, err))
}

// dispatch runs the handler for the request type; DecodeRequest admits only these two.
func (s *Server) dispatch(ctx context.Context, log *zap.Logger, peer netip.Addr, req Request) (Message, error) {
	acct, err := s.authenticate(ctx, peer, req)
	if err != nil {
		return Message{}, err
	}
	if req.Type == TypeStatistics {
		return s.handleStatistics(ctx, log, acct, req)
	}
	return s.handleSync(ctx, log, acct, req)
}

// authenticate runs the checks every request type shares, in Taskserver's order: credentials
// first, then the protocol version. An address refused for its failed authentications is
// refused before its credentials are looked at; a wrong credential is recorded and answered
// after the limiter's growing delay; an authenticated account's requests are rate limited.
func (s *Server) authenticate(ctx context.Context, peer netip.Addr, req Request) (Account, error) {
	if err := s.limit.AuthAllowed(peer); err != nil {
		return Account{}, err
	}
	acct, err := s.backend.Authenticate(ctx, req.Credentials)
	if err != nil {
		if isAccessDenied(err) {
			s.limit.AuthFailed(ctx, peer)
		}
		return Account{}, err
	}
	if err := s.limit.Account("taskd:" + strconv.FormatInt(acct.ID, 10)); err != nil {
		return Account{}, err
	}
	if err := req.CheckProtocol(); err != nil {
		return Account{}, err
	}
	return acct, nil
}

// isAccessDenied reports whether err refuses the credentials themselves (430).
func isAccessDenied(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Code == StatusAccessDenied
}

// clip shortens free text from the client for a log line.
func clip(s string) string {
	if len(s) <= maxLoggedClientBytes {
		return s
	}
	n := maxLoggedClientBytes
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
