package gateway

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/labstack/echo/v4"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/gateway/adminapi"
	"github.com/taskgate/taskgate/keys"
)

// AdminConfig configures the admin HTTP API and the audit log.
type AdminConfig struct {
	// Listen is the address of the admin listener; empty is off. Keep it private: the API can
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

// listenAdmin binds the admin listener, when one is configured, with the API on it when a token
// is configured; without a token the API is refused and only logged as such.
func (s *Server) listenAdmin(master keys.MasterKey) error {
	ac := s.cfg.Admin
	if ac.Listen == "" {
		return nil
	}
	token, err := adminapi.NewToken(ac.Token)
	if err != nil {
		return err
	}
	m, err := s.adminManager(master)
	if err != nil {
		return err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	err = adminapi.Register(e, m, token, s.log)
	switch {
	case errors.Is(err, adminapi.ErrNoToken):
		s.log.Warn("admin API not served", zap.String("addr", ac.Listen), zap.Error(err))
	case err != nil:
		return err
	}
	if err := s.listenOne(ac.Listen, e); err != nil {
		return err
	}
	s.adminLn = s.lns[len(s.lns)-1]
	return nil
}

// AdminAddr returns the bound admin listener address, or "" when it is off.
func (s *Server) AdminAddr() string {
	if s.adminLn == nil {
		return ""
	}
	return s.adminLn.Addr().String()
}

// adminManager is the accounts service the admin API calls.
func (s *Server) adminManager(master keys.MasterKey) (*accounts.Manager, error) {
	publicURL, err := s.cfg.PublicURL()
	if err != nil {
		return nil, err
	}
	taskdAddr, err := s.cfg.TaskdPublicAddr()
	if err != nil {
		return nil, err
	}
	return accounts.New(s.store, master, publicURL, accounts.WithTaskd(accounts.TaskdSettings{
		Server: taskdAddr, PKIDir: s.cfg.PKIDir(),
	})), nil
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
