package postgres

import (
	"context"
	"errors"
	"fmt"

	migratepgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/store/internal/schema"
)

// engineName is what Engine reports and the migrations folder this engine uses.
const engineName = "postgres"

// migrateDriver is golang-migrate's name for its pgx v5 driver.
const migrateDriver = "pgx5"

// Options configures Open.
type Options struct {
	// URL is a PostgreSQL connection string (URL or keyword/value form). pgxpool settings such as
	// pool_max_conns may be given in it.
	URL string
	// Migrate applies pending embedded migrations (under golang-migrate's advisory lock, so
	// several processes may start at once). When false, Open refuses a database whose schema is
	// behind, newer or dirty, naming `taskgate migrate`.
	Migrate bool
	// Logger receives migration and lifecycle messages; nil means no logging.
	Logger *zap.Logger
}

// Store is the PostgreSQL engine. It is safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool
	log  *zap.Logger
}

// Open connects to opts.URL, applies or checks the migrations, and returns a ready Store.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.URL == "" {
		return nil, errors.New("postgres: open: no database URL")
	}
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	log = log.Named("store")
	cfg, err := pgxpool.ParseConfig(opts.URL)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse database URL: %w", err)
	}
	if opts.Migrate {
		if err := migrateUp(ctx, cfg.ConnConfig, log); err != nil {
			return nil, err
		}
	}
	cfg.AfterConnect = registerUUID
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: create pool: %w", err)
	}
	s := &Store{pool: pool, log: log}
	if err := s.checkSchema(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	log.Info("store opened", zap.String("engine", engineName),
		zap.String("host", cfg.ConnConfig.Host), zap.String("database", cfg.ConnConfig.Database))
	return s, nil
}

// migrateUp applies pending migrations over a database/sql connection of its own, closed when
// done.
func migrateUp(ctx context.Context, cc *pgx.ConnConfig, log *zap.Logger) error {
	db := stdlib.OpenDB(*cc.Copy())
	if err := db.PingContext(ctx); err != nil {
		return errors.Join(mapErr("postgres: connect for migration", err), db.Close())
	}
	drv, err := migratepgx.WithInstance(db, &migratepgx.Config{MigrationsTable: schema.Table})
	if err != nil {
		return errors.Join(fmt.Errorf("postgres: prepare migration: %w", err), db.Close())
	}
	if err := schema.Up(engineName, migrateDriver, drv, log); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	return nil
}

// checkSchema refuses a database whose schema does not match the embedded migrations.
func (s *Store) checkSchema(ctx context.Context) error {
	latest, err := schema.Latest(engineName)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	version, dirty, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if err := schema.Check(version, dirty, latest); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	return nil
}

// Engine returns "postgres".
func (s *Store) Engine() string { return engineName }

// Close closes the pool, waiting for connections in use to be returned.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}
