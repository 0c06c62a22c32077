package gateway

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/gateway/adminapi"
)

// AdminConfig configures the admin HTTP API and the audit log.
type AdminConfig struct {
	// Listen is the address of the admin listener (GET /healthz and /readyz, and the admin API
	// under /api/v1 when a token is configured); empty is off. Keep it private: the API can
	// delete every account.
	Listen string
	// Token is the API's bearer token (TASKGATE_ADMIN_TOKEN or --admin-token-file). Without one
	// the API is not served.
	Token string
	// PublicURL and TaskdPublicAddr are the sync.server.url and taskd.server the API's answers
	// print; derived from HTTPListen and the taskd settings when empty, as the account commands do.
	PublicURL       string
	TaskdPublicAddr string
	// AuditRetention is how long audit entries are kept; 0 keeps them forever.
	AuditRetention time.Duration
}

// DefaultAuditRetention keeps a year of audit entries.
const DefaultAuditRetention = 365 * 24 * time.Hour

// auditPruneEvery is how often serve deletes audit entries past their retention.
const auditPruneEvery = time.Hour

// validate checks the token and the retention.
func (a AdminConfig) validate() error {
	if _, err := adminapi.NewToken(a.Token); err != nil {
		return err
	}
	if a.AuditRetention < 0 {
		return errors.New("--audit-retention must not be negative (0 keeps every entry)")
	}
	return nil
}

// RouteRegistrar adds routes to an admin listener's router: the health routes, the admin API,
// and whatever else the admin listener serves.
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

// adminRoutes are the routes of the admin listener (--admin-listen): the health routes, and the
// admin API when a token is configured (without one the API is refused and logged as such).
func (s *Server) adminRoutes(ctx context.Context) ([]RouteRegistrar, error) {
	routes := []RouteRegistrar{s.health.routes}
	if s.cfg.Admin.Token == "" {
		s.log.Warn("admin API not served", zap.String("addr", s.cfg.Admin.Listen), zap.Error(adminapi.ErrNoToken))
		return routes, nil
	}
	token, err := adminapi.NewToken(s.cfg.Admin.Token)
	if err != nil {
		return nil, err
	}
	m, err := s.adminManager(ctx)
	if err != nil {
		return nil, err
	}
	api := func(e *echo.Echo) {
		if err := adminapi.Register(e, m, token, s.log); err != nil {
			s.log.Error("admin API not served", zap.Error(err))
		}
	}
	return append(routes, api), nil
}

// listenAdmin binds the admin listener, when one is configured. Like the metrics listener it is
// kept apart from the TaskChampion listeners, so that it can stay on a private address: the API
// can delete every account.
func (s *Server) listenAdmin(ctx context.Context) error {
	if s.cfg.Admin.Listen == "" {
		return nil
	}
	routes, err := s.adminRoutes(ctx)
	if err != nil {
		return err
	}
	if err := s.listenOne(s.cfg.Admin.Listen, newAdminHandler(routes...)); err != nil {
		return err
	}
	s.adminLn = s.lns[len(s.lns)-1]
	return nil
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

// AdminAddr returns the bound admin listener address, or "" when it is off.
func (s *Server) AdminAddr() string {
	if s.adminLn == nil {
		return ""
	}
	return s.adminLn.Addr().String()
}

// adminManager is the accounts service the admin API calls, issuing device certificates from
// the CA in the store.
func (s *Server) adminManager(ctx context.Context) (*accounts.Manager, error) {
	publicURL, err := s.cfg.PublicURL()
	if err != nil {
		return nil, err
	}
	taskdAddr, err := s.cfg.TaskdPublicAddr()
	if err != nil {
		return nil, err
	}
	keeper, err := s.pkiKeeper(ctx)
	if err != nil {
		return nil, err
	}
	return accounts.New(s.store, s.key, publicURL, accounts.WithDefaultQuota(s.cfg.Limits.Quota),
		accounts.WithTaskd(accounts.TaskdSettings{Server: taskdAddr, PKI: keeper})), nil
}

// PublicURL is the sync.server.url devices reach the TaskChampion listener at: Admin.PublicURL,
// else derived from the first HTTP listen address.
func (c Config) PublicURL() (string, error) {
	if c.Admin.PublicURL != "" {
		return c.Admin.PublicURL, accounts.CheckPublicURL(c.Admin.PublicURL)
	}
	if len(c.HTTPListen) == 0 {
		return "", errors.New("no HTTP listen address to derive the public URL from")
	}
	return accounts.PublicURLFromListen(c.HTTPListen[0])
}

// TaskdPublicAddr is the taskd.server devices reach the taskd listener at: Admin.TaskdPublicAddr,
// else the first taskd host name (or the listen host) with the listen port; "" when taskd is off.
func (c Config) TaskdPublicAddr() (string, error) {
	if c.Admin.TaskdPublicAddr != "" {
		return accounts.CheckTaskdServer(c.Admin.TaskdPublicAddr)
	}
	tc := c.Taskd
	if !tc.Enabled() {
		return "", nil
	}
	if len(tc.Hostnames) == 0 {
		return accounts.TaskdServerFromListen(tc.Listen)
	}
	_, port, err := net.SplitHostPort(tc.Listen)
	if err != nil {
		return "", fmt.Errorf("taskd listen address %q is not host:port: %w", tc.Listen, err)
	}
	return accounts.CheckTaskdServer(net.JoinHostPort(tc.Hostnames[0], port))
}
