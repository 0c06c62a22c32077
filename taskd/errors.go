package taskd

import (
	"context"
	"errors"
	"fmt"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/ratelimit"
)

// StatusError is an error that carries a taskd status. Code and Status go to the client; the
// cause is for the log only and never leaves the server. Backends return one to choose the answer
// (430, 431, 432, 301, or 500 with a specific text such as "Client sync key not found.").
type StatusError struct {
	// Code is the three-digit taskd status code.
	Code int
	// Status is the client-safe text sent in the `status` header. Empty means StatusText(Code).
	// It is not sent on a 301.
	Status string
	// Info is the new host:port of a 301 redirect, sent in the `info` header; unused otherwise.
	Info string

	cause error
}

// NewStatusError returns a *StatusError with the given code, client-safe status text (empty for
// the table text) and internal cause (may be nil).
func NewStatusError(code int, status string, cause error) *StatusError {
	if status == "" {
		status = StatusText(code)
	}
	return &StatusError{Code: code, Status: status, cause: cause}
}

// AccessDenied returns a 430: unknown organisation or key, malformed credentials, or a user
// name that does not match the account.
func AccessDenied(cause error) *StatusError {
	return NewStatusError(StatusAccessDenied, "", cause)
}

// AccountSuspended returns a 431 for a suspended account or organisation.
func AccountSuspended(cause error) *StatusError {
	return NewStatusError(StatusSuspended, "", cause)
}

// AccountTerminated returns a 432 for a terminated account.
func AccountTerminated(cause error) *StatusError {
	return NewStatusError(StatusTerminated, "", cause)
}

// Redirect returns a 301 that sends the client to hostPort (Taskwarrior prints it and tells the
// user to run `task config taskd.server <hostPort>`).
func Redirect(hostPort string) *StatusError {
	e := NewStatusError(StatusRedirect, "", nil)
	e.Info = hostPort
	return e
}

// SyncFailed returns a 500 whose status text explains to the user why the sync failed, for example
// "Client sync key not found." or "A task must have a description.".
func SyncFailed(status string, cause error) *StatusError {
	return NewStatusError(StatusSyntaxError, status, cause)
}

// Error implements error. It includes the cause, so it is meant for logs, not for the client.
func (e *StatusError) Error() string {
	msg := fmt.Sprintf("taskd: status %d %s", e.Code, e.Status)
	if e.Info != "" {
		msg += " (info " + e.Info + ")"
	}
	if e.cause != nil {
		msg += ": " + e.cause.Error()
	}
	return msg
}

// Unwrap returns the internal cause.
func (e *StatusError) Unwrap() error { return e.cause }

// statusFor is the one place where an error becomes a taskd status: a *StatusError is sent as it
// is, a rate limit's refusal becomes 420 with a text naming the limit, an oversized frame 504, a
// parse error 500 with its client-safe reason, and anything else 500 "Internal error". It logs
// the cause once, at a level that matches who is at fault; a rate limit's refusals at debug,
// since the limiter logs the first of a run of them.
func statusFor(log *zap.Logger, err error) *StatusError {
	var se *StatusError
	var tooBig *FrameTooBigError
	var pe *ParseError
	var rl *ratelimit.RefusedError
	switch {
	case errors.As(err, &se):
		logStatus(log, se)
		return se
	case errors.As(err, &tooBig):
		log.Info("request too big", zap.Int64("size", tooBig.Size), zap.Int64("limit", tooBig.Limit))
		return NewStatusError(StatusRequestTooBig, "", err)
	case errors.As(err, &rl):
		log.Debug("request refused by a rate limit", zap.String("limit", string(rl.Limit)))
		return NewStatusError(StatusUnavailable, rl.Error(), err)
	case errors.As(err, &pe):
		log.Info("malformed request", zap.String("reason", pe.Reason))
		return NewStatusError(StatusSyntaxError, pe.Reason, err)
	case errors.Is(err, ErrFrameLength):
		log.Info("malformed request", zap.Error(err))
		return NewStatusError(StatusSyntaxError, textMalformed, err)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		log.Warn("request aborted", zap.Error(err))
		return NewStatusError(StatusSyntaxError, TextInternalError, err)
	default:
		log.Error("request failed", zap.Error(err))
		return NewStatusError(StatusSyntaxError, TextInternalError, err)
	}
}

// logStatus logs a status chosen by the request handling or the backend: server-side failures at
// warn, refusals at info.
func logStatus(log *zap.Logger, se *StatusError) {
	fields := []zap.Field{zap.Int("code", se.Code), zap.String("status", se.Status)}
	if se.cause != nil {
		fields = append(fields, zap.NamedError("cause", se.cause))
	}
	if se.Code >= StatusSyntaxError {
		log.Warn("request refused", fields...)
		return
	}
	log.Info("request refused", fields...)
}
