package gateway

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// RouteRegistrar adds routes to an admin listener's router: the health routes, and whatever
// else the admin listener serves.
type RouteRegistrar func(e *echo.Echo)

// newAdminHandler returns the router of an admin listener with the routes of every registrar.
func newAdminHandler(registrars ...RouteRegistrar) http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	for _, register := range registrars {
		register(e)
	}
	return e
}

// adminRoutes are the routes of the admin listener (--admin-listen). Routes of further admin
// features register here.
func (s *Server) adminRoutes() []RouteRegistrar {
	return []RouteRegistrar{s.health.routes}
}

// listenAdmin binds the admin listener, when one is configured. Like the metrics listener it is
// kept apart from the TaskChampion listeners, so that it can stay on a private address.
func (s *Server) listenAdmin() error {
	if s.cfg.AdminListen == "" {
		return nil
	}
	return s.listenOne(s.cfg.AdminListen, newAdminHandler(s.adminRoutes()...))
}

// listenMetrics binds the Prometheus listener, when one is configured, with the health routes
// beside GET /metrics.
func (s *Server) listenMetrics() error {
	if s.cfg.MetricsListen == "" {
		return nil
	}
	metrics := func(e *echo.Echo) { e.GET("/metrics", echo.WrapHandler(s.metrics.Handler())) }
	return s.listenOne(s.cfg.MetricsListen, newAdminHandler(metrics, s.health.routes))
}
