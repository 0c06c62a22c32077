package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	migratesqlite "github.com/golang-migrate/migrate/v4/database/sqlite"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/store/internal/schema"
)

// FileName is the database file inside Options.Dir.
const FileName = "taskgate.sqlite3"

// engineName is what Engine reports and the migrations folder this engine uses.
const engineName = "sqlite"

const (
	// busyTimeout bounds how long a connection waits for a lock held by another connection
	// (a checkpoint, or a second process on the same file) before failing with SQLITE_BUSY.
	busyTimeout = 5 * time.Second
	// readConns is the size of the reader pool; WAL lets readers run beside the one writer, and
	// the machines taskgate targets have few cores.
	readConns = 4
	// walCheckpointPages is the WAL size, in pages, at which a commit of the writer checkpoints
	// it into the database and lets the next transaction start it over. SQLite's default of 1000
	// pages (4 MB) stalled the writer, and every call of its batch, for a checkpoint every few
	// hundred appends; at 4000 (16 MB) a checkpoint comes a quarter as often and copies fewer
	// pages per append, since a page written again meanwhile is copied once.
	walCheckpointPages = 4000
)

// Options configures Open.
type Options struct {
	// Dir is the data directory; it is created with mode 0700 when missing, and the database is
	// the file FileName inside it.
	Dir string
	// Migrate applies pending embedded migrations. When false, Open refuses a database whose
	// schema is behind, newer or dirty, naming `taskgate migrate`.
	Migrate bool
	// Logger receives migration and lifecycle messages; nil means no logging.
	Logger *zap.Logger
}

// Store is the SQLite engine. It is safe for concurrent use.
type Store struct {
	write     *sql.DB    // a pool of exactly one connection, which wc holds
	read      *sql.DB    // a few read-only connections
	wc        *writeConn // every write transaction is BEGIN IMMEDIATE on it
	readStmts *stmtCache
	batch     *batcher // the group commit of ChainUpdate; nil until the statements are prepared
	log       *zap.Logger
	now       func() time.Time
}

// Open opens (creating if needed) the database in opts.Dir, applies or checks the migrations,
// and returns a ready Store.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.Dir == "" {
		return nil, errors.New("sqlite: open: no data directory")
	}
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	log = log.Named("store")
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: create data directory: %w", err)
	}
	path := filepath.Join(opts.Dir, FileName)
	if opts.Migrate {
		if err := migrateUp(path, log); err != nil {
			return nil, err
		}
	}
	s, err := openPools(ctx, path, log)
	if err != nil {
		return nil, err
	}
	if err := s.checkSchema(ctx); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	if err := s.prepare(ctx); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	s.batch = newBatcher(s)
	s.batch.start()
	log.Info("store opened", zap.String("engine", engineName), zap.String("path", path))
	return s, nil
}

// openPools opens the writer (first, so that it switches the file to WAL) and the readers.
func openPools(ctx context.Context, path string, log *zap.Logger) (*Store, error) {
	write, err := openDB(ctx, dsn(path, true), 1)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open writer: %w", err)
	}
	read, err := openDB(ctx, dsn(path, false), readConns)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("sqlite: open readers: %w", err), write.Close())
	}
	return &Store{write: write, read: read, log: log, now: time.Now}, nil
}

// openDB opens a pool of at most conns connections and checks that one can be made.
func openDB(ctx context.Context, dataSource string, conns int) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dataSource)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxLifetime(0)
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return db, nil
}

// dsn builds a modernc.org/sqlite data source name. Pragmas run on every new connection, in
// order: busy_timeout first so that switching to WAL waits for other connections.
func dsn(path string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	if writer {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(FULL)")
		q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", walCheckpointPages))
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// migrateUp applies pending migrations over a connection of its own, closed when done.
func migrateUp(path string, log *zap.Logger) error {
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return fmt.Errorf("sqlite: open for migration: %w", err)
	}
	db.SetMaxOpenConns(1)
	drv, err := migratesqlite.WithInstance(db, &migratesqlite.Config{MigrationsTable: schema.Table})
	if err != nil {
		return errors.Join(fmt.Errorf("sqlite: prepare migration: %w", err), db.Close())
	}
	if err := schema.Up(engineName, engineName, drv, log); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

// checkSchema refuses a database whose schema does not match the embedded migrations.
func (s *Store) checkSchema(ctx context.Context) error {
	latest, err := schema.Latest(engineName)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	version, dirty, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if err := schema.Check(version, dirty, latest); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

// prepare fills the statement caches and takes the writer connection; it needs the schema in
// place.
func (s *Store) prepare(ctx context.Context) error {
	var err error
	if s.readStmts, err = newStmtCache(ctx, s.read, readQueries()); err != nil {
		return fmt.Errorf("sqlite: prepare reader statements: %w", err)
	}
	if s.wc, err = openWriteConn(ctx, s.write); err != nil {
		return fmt.Errorf("sqlite: prepare writer statements: %w", err)
	}
	return nil
}

// reader runs cached statements on the reader pool.
func (s *Store) reader() runner { return runner{c: s.readStmts} }

// Engine returns "sqlite".
func (s *Store) Engine() string { return engineName }

// Close stops the chain-update writer once its current batch has ended (calls still queued
// fail), then closes every connection. Other transactions still running fail.
func (s *Store) Close() error {
	if s.batch != nil {
		s.batch.close()
	}
	var errs []error
	if s.readStmts != nil {
		errs = append(errs, s.readStmts.close())
	}
	if s.wc != nil {
		errs = append(errs, s.wc.close())
	}
	return errors.Join(append(errs, s.read.Close(), s.write.Close())...)
}
