package gateway

import (
	"context"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/gateway/authaudit"
	"github.com/taskgate/taskgate/gateway/devices"
	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/gateway/taskdimport"
	"github.com/taskgate/taskgate/store/postgres"
	"github.com/taskgate/taskgate/store/sqlite"
)

// Engine is the lifecycle every store engine has.
type Engine interface {
	// Engine names the engine ("sqlite" or "postgres").
	Engine() string
	// SchemaVersion reports the applied migration and whether it failed half-way.
	SchemaVersion(ctx context.Context) (version uint, dirty bool, err error)
	// Close releases the engine's connections.
	Close() error
	// KeyCheckStore and pki.Store: the master key check and the PKI every process shares.
	KeyCheckStore
	pki.Store
}

// Store is what serving needs of an engine: each protocol's slice and the chain core's, the
// device registry and audit log the taskd listener consults, and the accounts slice of the
// admin API.
type Store interface {
	champion.Store
	taskdsync.Store
	chain.Store
	devices.Store
	authaudit.Store
	accounts.Store
	Engine
	HealthStore
}

// AdminStore is what the admin commands need of an engine: accounts and the taskd import.
type AdminStore interface {
	accounts.Store
	taskdimport.Store
	Engine
}

// OpenStore opens the configured engine for serving: PostgreSQL when cfg.DB is set, else the
// embedded SQLite database in cfg.DataDir. It applies pending migrations when cfg.Migrate is set.
func OpenStore(ctx context.Context, cfg Config, log *zap.Logger) (Store, error) {
	return openEngine(ctx, cfg, log)
}

// OpenAdminStore opens the configured engine, as OpenStore does, for the admin commands.
func OpenAdminStore(ctx context.Context, cfg Config, log *zap.Logger) (AdminStore, error) {
	return openEngine(ctx, cfg, log)
}

// engine is an opened engine: both engines serve and administer.
type engine interface {
	Store
	AdminStore
}

func openEngine(ctx context.Context, cfg Config, log *zap.Logger) (engine, error) {
	if cfg.DB != "" {
		return postgres.Open(ctx, postgres.Options{URL: cfg.DB, Migrate: cfg.Migrate, Logger: log})
	}
	return sqlite.Open(ctx, sqlite.Options{Dir: cfg.DataDir, Migrate: cfg.Migrate, Logger: log})
}
