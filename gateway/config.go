// Package gateway is taskgate's composition root: it turns a Config into a running server (the
// store, the TaskChampion HTTP listener and later the taskd TLS listener), and owns start and
// graceful stop.
package gateway

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/keys"
)

// Config is the whole server configuration, filled from flags and environment by cmd/taskgate.
type Config struct {
	// DataDir holds the embedded SQLite database (and, later, generated keys and the CA).
	DataDir string
	// DB is a postgres:// URL; empty means the embedded SQLite store in DataDir.
	DB string
	// Migrate applies pending schema migrations at start; when false a schema that is behind
	// stops the start with a message naming `taskgate migrate`.
	Migrate bool
	// HTTPListen are the addresses of the TaskChampion HTTP listeners.
	HTTPListen []string
	// HTTPReadHeaderTimeout, HTTPReadTimeout, HTTPWriteTimeout and HTTPIdleTimeout bound each
	// phase of an HTTP connection, so a stalled client cannot hold resources.
	HTTPReadHeaderTimeout time.Duration
	HTTPReadTimeout       time.Duration
	HTTPWriteTimeout      time.Duration
	HTTPIdleTimeout       time.Duration
	// MetricsListen is the address of the Prometheus metrics listener (GET /metrics); empty is off.
	MetricsListen string
	// ShutdownTimeout is how long a stop waits for in-flight requests.
	ShutdownTimeout time.Duration
	// RequestTimeout bounds the store work of one request on both protocols (a TaskChampion
	// request is then answered 503, a taskd one 500), so no request waits on the store forever.
	RequestTimeout time.Duration
	// Taskd holds the taskd (Taskwarrior 2.x) listener settings.
	Taskd TaskdConfig
	// MasterKeyFile is a file holding the master key that seals the keys of plaintext accounts.
	MasterKeyFile string
	// MasterKey is the master key itself (64 hex digits), e.g. from TASKGATE_MASTER_KEY.
	MasterKey string
	// Champion holds the TaskChampion protocol settings.
	Champion champion.Config
	// Limits holds the default account quota and the rate limits of both protocols.
	Limits LimitsConfig
	// Admin holds the admin listener, admin API and audit log settings.
	Admin AdminConfig
	// StoreWait is how long a start keeps trying a PostgreSQL store that cannot be reached yet
	// (a database starting beside taskgate); 0 tries once.
	StoreWait time.Duration
}

// MasterKeySource says where the master key comes from. With neither MasterKey nor
// MasterKeyFile set, the embedded default generates one in DataDir; a PostgreSQL deployment
// must configure one explicitly, since every process must share it.
func (c Config) MasterKeySource() keys.Source {
	src := keys.Source{Value: c.MasterKey, File: c.MasterKeyFile}
	if src.Value == "" && src.File == "" && c.DB == "" {
		src.GenerateIn = c.DataDir
	}
	return src
}

// Default timeouts and addresses.
const (
	DefaultDataDir           = "./taskgate-data"
	DefaultHTTPListen        = "127.0.0.1:8080"
	DefaultReadHeaderTimeout = 10 * time.Second
	// DefaultReadTimeout allows a 100 MiB body over a slow uplink.
	DefaultReadTimeout     = 5 * time.Minute
	DefaultWriteTimeout    = 5 * time.Minute
	DefaultIdleTimeout     = 2 * time.Minute
	DefaultShutdownTimeout = 30 * time.Second
	// DefaultRequestTimeout is far above a healthy store's milliseconds and the seconds a 10 MiB
	// taskd upload takes, and below the minutes after which clients give up on their own.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultStoreWait covers a PostgreSQL server started at the same moment as taskgate, as a
	// compose file or a reboot does.
	DefaultStoreWait = time.Minute
)

// DefaultConfig returns the zero-setup configuration: embedded store in ./taskgate-data, HTTP on
// 127.0.0.1:8080, the reference server's protocol defaults.
func DefaultConfig() Config {
	return Config{
		DataDir:               DefaultDataDir,
		Migrate:               true,
		HTTPListen:            []string{DefaultHTTPListen},
		HTTPReadHeaderTimeout: DefaultReadHeaderTimeout,
		HTTPReadTimeout:       DefaultReadTimeout,
		HTTPWriteTimeout:      DefaultWriteTimeout,
		HTTPIdleTimeout:       DefaultIdleTimeout,
		ShutdownTimeout:       DefaultShutdownTimeout,
		RequestTimeout:        DefaultRequestTimeout,
		Champion:              champion.DefaultConfig(),
		Taskd:                 DefaultTaskdConfig(),
		Limits:                DefaultLimitsConfig(),
		StoreWait:             DefaultStoreWait,
		Admin:                 AdminConfig{AuditRetention: DefaultAuditRetention},
	}
}

// Validate reports every problem of the configuration at once.
func (c Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.DB == "" && c.DataDir == "" {
		add("--data-dir must not be empty when --db is not set")
	}
	if err := c.Admin.validate(); err != nil {
		errs = append(errs, err)
	}
	if c.DB != "" && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		add("--db must be a postgres:// or postgresql:// URL")
	}
	if len(c.HTTPListen) == 0 {
		add("--http-listen needs at least one address")
	}
	for _, a := range c.HTTPListen {
		if _, _, err := net.SplitHostPort(a); err != nil {
			add("--http-listen %q is not host:port", a)
		}
	}
	for _, l := range []struct{ flag, addr string }{{"--metrics-listen", c.MetricsListen}, {"--admin-listen", c.Admin.Listen}} {
		if _, _, err := net.SplitHostPort(l.addr); l.addr != "" && err != nil {
			add("%s %q is not host:port", l.flag, l.addr)
		}
	}
	if c.StoreWait < 0 {
		add("--store-wait must not be negative")
	}
	errs = append(errs, c.Taskd.validate()...)
	errs = append(errs, c.Limits.validate()...)
	if c.Champion.SnapshotVersions < 1 {
		add("--snapshot-versions must be at least 1")
	}
	if c.Champion.SnapshotDays < 1 {
		add("--snapshot-days must be at least 1")
	}
	if c.Champion.MaxBody < 1 {
		add("--max-body must be at least 1 byte")
	}
	timeouts := []struct {
		flag string
		d    time.Duration
	}{
		{"--http-read-header-timeout", c.HTTPReadHeaderTimeout}, {"--http-read-timeout", c.HTTPReadTimeout},
		{"--http-write-timeout", c.HTTPWriteTimeout}, {"--http-idle-timeout", c.HTTPIdleTimeout},
		{"--shutdown-timeout", c.ShutdownTimeout}, {"--request-timeout", c.RequestTimeout},
	}
	for _, t := range timeouts {
		if t.d <= 0 {
			add("%s must be positive", t.flag)
		}
	}
	return errors.Join(errs...)
}
