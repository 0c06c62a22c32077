package champion

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/ratelimit"
)

// statusClientGone is logged for requests whose client left before an answer was written (the
// number nginx uses for the same case).
const statusClientGone = 499

// Echo context keys under which handlers leave the account's id and mode for the log and metrics,
// and the error handler the reason of a refusal for the log.
const (
	ctxAccountID   = "taskgate.account"
	ctxAccountMode = "taskgate.mode"
	ctxRefusal     = "taskgate.refusal"
)

// Server holds the TaskChampion handlers.
type Server struct {
	cfg   Config
	store Store
	log   *zap.Logger
	allow map[uuid.UUID]struct{}
	core  *chain.Core
	obs   Observer
	limit *ratelimit.Limiter // nil: no rate limits
}

// Observer records each request, for metrics.
type Observer interface {
	// ObserveHTTP records one request: its route, status, account mode ("" without an account)
	// and duration.
	ObserveHTTP(route string, status int, mode string, d time.Duration)
	// ObserveRefusal records a request refused by a limit (a quota or a rate limit) of protocol.
	ObserveRefusal(protocol, limit string)
}

// SetObserver makes every request reported to o.
func (s *Server) SetObserver(o Observer) { s.obs = o }

// SetLimiter makes every request pass l's rate limits first.
func (s *Server) SetLimiter(l *ratelimit.Limiter) { s.limit = l }

// New returns a Server over st, appending through core outside the hot path. A zero MaxBody
// takes the reference default.
func New(cfg Config, st Store, core *chain.Core, log *zap.Logger) *Server {
	def := DefaultConfig()
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = def.MaxBody
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = def.RequestTimeout
	}
	s := &Server{cfg: cfg, store: st, core: core, log: log.Named("champion")}
	if len(cfg.AllowClientIDs) > 0 {
		s.allow = make(map[uuid.UUID]struct{}, len(cfg.AllowClientIDs))
		for _, id := range cfg.AllowClientIDs {
			s.allow[id] = struct{}{}
		}
	}
	return s
}

// Handler returns the HTTP handler serving the protocol. Requests may carry any path prefix
// before /v1/client/, so taskgate can sit under a sub-path of a reverse proxy.
func (s *Server) Handler() http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	// The source address is the peer's, or, when the peer is a proxy on a loopback, link-local
	// or private address, the last address its X-Forwarded-For names that is not one.
	e.IPExtractor = echo.ExtractIPFromXFFHeader()
	e.Pre(stripPrefix, s.logRequests, noStore, s.rateLimit, s.deadline)
	e.GET("/", s.index)
	e.POST("/v1/client/add-version/:parent", s.addVersion)
	e.GET("/v1/client/get-child-version/:parent", s.getChildVersion)
	e.POST("/v1/client/add-snapshot/:version", s.addSnapshot)
	e.GET("/v1/client/snapshot", s.getSnapshot)
	return e
}

func (s *Server) index(c echo.Context) error {
	return c.String(http.StatusOK, "taskgate "+s.cfg.Version+" (TaskChampion sync server)")
}

// stripPrefix removes anything before /v1/client/ from the request path.
func stripPrefix(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if i := strings.Index(r.URL.Path, "/v1/client/"); i > 0 {
			r.URL.Path = r.URL.Path[i:]
			r.URL.RawPath = ""
		}
		return next(c)
	}
}

// deadline bounds the request's context by RequestTimeout.
func (s *Server) deadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.RequestTimeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// noStore sets the reference server's Cache-Control header on every response.
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", cacheControl)
		return next(c)
	}
}

// logRequests writes one info line per request, with the reason of a refusal (400, 403). It never
// logs the client id (the protocol's only credential) or bodies.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		status := c.Response().Status
		if !c.Response().Committed {
			status = statusClientGone // nothing was written: the client went away first
		}
		mode, _ := c.Get(ctxAccountMode).(string)
		if ce := s.log.Check(zap.InfoLevel, "request"); ce != nil {
			ce.Write(requestFields(c, status, mode, time.Since(start))...)
		}
		if s.obs != nil {
			s.obs.ObserveHTTP(c.Path(), status, mode, time.Since(start))
		}
		return nil
	}
}

// requestFields are the fields of a request's log line.
func requestFields(c echo.Context, status int, mode string, d time.Duration) []zap.Field {
	fields := []zap.Field{
		zap.String("method", c.Request().Method),
		zap.String("route", c.Path()),
		zap.Int("status", status),
		zap.Duration("duration", d),
		zap.Int64("bytes_in", c.Request().ContentLength),
		zap.Int64("bytes_out", c.Response().Size),
	}
	if id, ok := c.Get(ctxAccountID).(int64); ok {
		fields = append(fields, zap.Int64("account", id))
	}
	if mode != "" {
		fields = append(fields, zap.String("mode", mode))
	}
	if reason, ok := c.Get(ctxRefusal).(string); ok {
		fields = append(fields, zap.String("reason", reason))
	}
	return fields
}
