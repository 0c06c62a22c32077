package taskd

import (
	"context"
	"unicode/utf8"
	"unsafe"

	"go.uber.org/zap"
)

// maxLoggedClientBytes bounds the free-text `client` header in log lines.
const maxLoggedClientBytes = 64

// handle turns one request body into its response. Every error on the way, from parsing to the
// backend, goes through statusFor, the single error-to-status mapping.
//
// The body is read-only from here on: the message, its payload and the task lines of a sync
// request are views of it, never copies, so that a request costs its own size once rather than
// once per stage (see SyncRequest.Tasks).
func (s *Server) handle(ctx context.Context, log *zap.Logger, body []byte) Message {
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
	resp, err := s.dispatch(ctx, log, req)
	if err != nil {
		return s.resp.status(statusFor(log, err))
	}
	return resp
}

// dispatch runs the handler for the request type; DecodeRequest admits only these two.
func (s *Server) dispatch(ctx context.Context, log *zap.Logger, req Request) (Message, error) {
	if req.Type == TypeStatistics {
		return s.handleStatistics(ctx, log, req)
	}
	return s.handleSync(ctx, log, req)
}

// authenticate runs the checks every request type shares, in Taskserver's order: credentials
// first, then the protocol version.
func (s *Server) authenticate(ctx context.Context, req Request) (Account, error) {
	acct, err := s.backend.Authenticate(ctx, req.Credentials)
	if err != nil {
		return Account{}, err
	}
	if err := req.CheckProtocol(); err != nil {
		return Account{}, err
	}
	return acct, nil
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
