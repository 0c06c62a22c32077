package gateway

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/taskgate/taskgate/keys"
)

// readyTimeout bounds the checks of one GET /readyz, so that a probe gets an answer while the
// database hangs.
const readyTimeout = 3 * time.Second

// HealthStore is what the readiness check needs of the store.
type HealthStore interface {
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// CheckSchema checks that the schema matches the built-in migrations.
	CheckSchema(ctx context.Context) error
	// KeyCheckGet returns the sealed master key check.
	KeyCheckGet(ctx context.Context) ([]byte, error)
}

// health answers GET /healthz (the process is alive) and GET /readyz (it can serve syncs).
type health struct {
	st       HealthStore
	key      keys.MasterKey
	stopping atomic.Bool
}

// routes registers the two health routes.
func (h *health) routes(e *echo.Echo) {
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok\n") })
	e.GET("/readyz", h.readyz)
}

// readyz answers 200 "ready", or 503 with the reason in one line.
func (h *health) readyz(c echo.Context) error {
	if err := h.ready(c.Request().Context()); err != nil {
		return c.String(http.StatusServiceUnavailable, "not ready: "+firstLine(err.Error())+"\n")
	}
	return c.String(http.StatusOK, "ready\n")
}

// ready checks, in this order, that the server is not shutting down, the store answers, its
// schema is the one this taskgate was built for, and the master key (if any) opens its key check.
func (h *health) ready(ctx context.Context) error {
	if h.stopping.Load() {
		return errors.New("shutting down")
	}
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	if err := h.st.Ping(ctx); err != nil {
		return errors.New("the store does not answer: " + err.Error())
	}
	if err := h.st.CheckSchema(ctx); err != nil {
		return errors.New("the store's schema is not current: " + err.Error())
	}
	if !h.key.Valid() {
		return nil
	}
	sealed, err := h.st.KeyCheckGet(ctx)
	if err != nil {
		return errors.New("reading the master key check: " + err.Error())
	}
	if !h.key.OpensCheck(sealed) {
		return ErrWrongMasterKey
	}
	return nil
}

// firstLine returns s up to its first line break.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
