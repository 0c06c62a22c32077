package gateway

import (
	"context"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store/postgres"
	"github.com/taskgate/taskgate/store/sqlite"
)

// Store is what the gateway needs of an engine: every protocol's slice plus lifecycle.
type Store interface {
	champion.Store
	taskdsync.Store
	accounts.Store
	// Engine names the engine ("sqlite" or "postgres").
	Engine() string
	// SchemaVersion reports the applied migration and whether it failed half-way.
	SchemaVersion(ctx context.Context) (version uint, dirty bool, err error)
	// Close releases the engine's connections.
	Close() error
}

// OpenStore opens the configured engine: PostgreSQL when cfg.DB is set, else the embedded SQLite
// database in cfg.DataDir. It applies pending migrations when cfg.Migrate is set.
func OpenStore(ctx context.Context, cfg Config, log *zap.Logger) (Store, error) {
	if cfg.DB != "" {
		return postgres.Open(ctx, postgres.Options{URL: cfg.DB, Migrate: cfg.Migrate, Logger: log})
	}
	return sqlite.Open(ctx, sqlite.Options{Dir: cfg.DataDir, Migrate: cfg.Migrate, Logger: log})
}
