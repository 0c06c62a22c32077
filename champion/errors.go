package champion

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/ratelimit"
	"github.com/taskgate/taskgate/store"
)

// protoError is a protocol answer other than success: a status code and the short text body the
// reference server sends for it.
type protoError struct {
	code int
	text string
}

func (e *protoError) Error() string { return e.text }

func errorf(code int, text string) error { return &protoError{code: code, text: text} }

// Protocol answers, with the reference server's texts.
var (
	errBadClientID     = errorf(http.StatusBadRequest, "bad x-client-id")
	errUnknownClientID = errorf(http.StatusForbidden, "unknown x-client-id")
	errBadContentType  = errorf(http.StatusBadRequest, "Bad content-type")
	errNoSuchClient    = errorf(http.StatusNotFound, "No such client")
	errNotFound        = errorf(http.StatusNotFound, "not found")
)

// handleError is the one place where errors become HTTP answers.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	code, text := s.classify(err, c)
	if code == 0 {
		return
	}
	_ = blob(c, code, echo.MIMETextPlainCharsetUTF8, []byte(text))
}

// retryAfter is the Retry-After header's whole seconds for d, at least 1.
func retryAfter(d time.Duration) int { return max(1, int(math.Ceil(d.Seconds()))) }

// isRefusal reports whether a status refuses a request the client must change (400) or may not
// make (403). Its reason goes into the request's log line, so that an operator can help a user
// whose client shows only "400 Bad Request"; 404, 409 and 410 are the protocol's normal answers.
func isRefusal(code int) bool { return code == http.StatusBadRequest || code == http.StatusForbidden }

// classify maps err to a status and body. A zero code means no answer (the client is gone).
func (s *Server) classify(err error, c echo.Context) (int, string) {
	var pe *protoError
	var nh *chain.NotHeadError
	var ie *chain.InactiveError
	var re *chain.RefusedError
	var he *echo.HTTPError
	var qe *chain.QuotaError
	var rl *ratelimit.RefusedError
	switch {
	case errors.As(err, &pe):
		if isRefusal(pe.code) {
			c.Set(ctxRefusal, pe.text)
		}
		return pe.code, pe.text
	case errors.As(err, &re):
		// The reason names settings, never keys or payloads.
		c.Set(ctxRefusal, re.Error())
		return http.StatusBadRequest, re.Error()
	case errors.As(err, &nh):
		c.Response().Header().Set(HeaderParentVersionID, nh.Latest.String())
		return http.StatusConflict, ""
	case errors.As(err, &ie):
		c.Set(ctxRefusal, ie.Error())
		return http.StatusForbidden, ie.Error()
	case errors.As(err, &qe):
		c.Set(ctxRefusal, qe.Error())
		s.refused(qe.Name())
		return http.StatusRequestEntityTooLarge, qe.Error()
	case errors.As(err, &rl):
		c.Set(ctxRefusal, rl.Error())
		s.refused(string(rl.Limit))
		c.Response().Header().Set("Retry-After", strconv.Itoa(retryAfter(rl.RetryAfter)))
		return http.StatusTooManyRequests, rl.Error()
	case errors.Is(err, chain.ErrNoAccount):
		// Deleted while the request ran: answered as an unknown client, as its next request is.
		return http.StatusNotFound, errNoSuchClient.Error()
	case errors.Is(err, chain.ErrNoMasterKey):
		return http.StatusServiceUnavailable, chain.ErrNoMasterKey.Error()
	case errors.Is(err, store.ErrUnavailable):
		s.log.Warn("the store cannot be reached", zap.String("path", c.Path()), zap.Error(err))
		return http.StatusServiceUnavailable, "the server's database is unavailable; try again"
	case errors.Is(err, context.DeadlineExceeded):
		s.log.Warn("request deadline passed", zap.String("path", c.Path()), zap.Error(err))
		return http.StatusServiceUnavailable, "the server is busy; try again"
	case errors.As(err, &he):
		// Unknown routes, wrong methods and unparsable path ids are all 404, as in the reference.
		if he.Code == http.StatusMethodNotAllowed || he.Code == http.StatusNotFound {
			return http.StatusNotFound, "not found"
		}
		return he.Code, http.StatusText(he.Code)
	case errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil:
		return 0, ""
	}
	s.log.Error("request failed", zap.String("path", c.Path()), zap.Error(err))
	return http.StatusInternalServerError, "internal server error"
}
