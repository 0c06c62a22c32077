package gateway

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"

	"go.uber.org/zap"
	"golang.org/x/sync/errgroup"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/gateway/authaudit"
	"github.com/taskgate/taskgate/gateway/metrics"
	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/ratelimit"
	"github.com/taskgate/taskgate/taskd"
)

// Server is a started taskgate: its store and listeners.
type Server struct {
	cfg   Config
	log   *zap.Logger
	store Store
	core  *chain.Core
	http  []*http.Server
	lns   []net.Listener

	taskd   *taskd.Server
	taskdLn net.Listener
	metrics *metrics.Metrics
	limiter *ratelimit.Limiter
	key     keys.MasterKey
	health  *health
	// pki is the keeper of the PKI in the store, opened once (pkiKeeper).
	pki *pki.Keeper
	// authAudit records failed taskd logins; nil while taskd is off.
	authAudit *authaudit.Recorder
	// adminLn is the admin listener (also in lns); nil when it is off.
	adminLn net.Listener
}

// Start checks the configuration (Validate and Preflight, before anything is created), opens the
// store (waiting up to StoreWait for a PostgreSQL server that is not up yet), refuses a master
// key that does not open the store's key check, and binds every listener; Serve then serves
// until the context ends. Binding before serving lets callers (and tests) learn the actual
// addresses.
func Start(ctx context.Context, cfg Config, log *zap.Logger) (*Server, error) {
	if err := errors.Join(cfg.Validate(), cfg.Preflight()); err != nil {
		return nil, fmt.Errorf("invalid configuration:\n%w", err)
	}
	st, err := openStoreWaiting(ctx, cfg, log)
	if err != nil {
		return nil, fmt.Errorf("opening the store: %w", err)
	}
	s := &Server{cfg: cfg, log: log, store: st, metrics: metrics.New(), limiter: ratelimit.New(cfg.Limits.Rate, log)}
	log.Info("store opened", zap.String("engine", st.Engine()), zap.String("data_dir", cfg.storeLocation()))
	if err := s.loadMasterKey(ctx); err != nil {
		s.closeStore()
		return nil, err
	}
	s.health = &health{st: st, key: s.key}
	for _, listen := range []func() error{
		func() error { return s.listenTaskd(ctx) }, s.listenHTTP, s.listenMetrics,
		func() error { return s.listenAdmin(ctx) },
	} {
		if err := listen(); err != nil {
			s.closeAll()
			return nil, err
		}
	}
	return s, nil
}

// loadMasterKey loads (or, for the embedded default, generates) the master key, checks it
// against the store, and with it builds the chain core. Without a key, plaintext accounts are
// refused with an explanation.
func (s *Server) loadMasterKey(ctx context.Context) error {
	key, generated, err := LoadMasterKey(ctx, s.cfg, s.store)
	if err != nil {
		return err
	}
	if generated != "" {
		s.log.Warn("generated a new master key; back it up with the database, plaintext accounts cannot be read without it",
			zap.String("file", generated))
	}
	s.key = key
	cc := s.cfg.Champion.CoreConfig()
	cc.Quota = s.cfg.Limits.Quota
	cc.SpillDir, cc.SpillLimit = s.cfg.spillDir(), s.cfg.Limits.SpillBytes
	s.core = chain.New(s.store, key, cc)
	s.metrics.WatchSpill(s.core.SpillUsed)
	if !key.Valid() {
		s.log.Warn("no master key configured (--master-key-file or TASKGATE_MASTER_KEY): plaintext accounts are refused")
	}
	return nil
}

// spillDir is where large taskd uploads keep their prepared versions while they wait for the
// lock: the data directory when there is one, on the disk the store's data is on, rather than
// the system's temporary directory, which is memory on many systems; else $TMPDIR.
func (c Config) spillDir() string {
	if fi, err := os.Stat(c.DataDir); c.DataDir != "" && err == nil && fi.IsDir() {
		return c.DataDir
	}
	return ""
}

func (c Config) storeLocation() string {
	if c.DB != "" {
		return "postgres"
	}
	return c.DataDir
}

func (s *Server) listenHTTP() error {
	ch := champion.New(s.championConfig(), s.store, s.core, s.log)
	ch.SetObserver(s.metrics)
	ch.SetLimiter(s.limiter)
	handler := ch.Handler()
	for _, addr := range s.cfg.HTTPListen {
		if err := s.listenOne(addr, handler); err != nil {
			return err
		}
	}
	return nil
}

// championConfig is the TaskChampion configuration with the server-wide request deadline.
func (s *Server) championConfig() champion.Config {
	c := s.cfg.Champion
	c.RequestTimeout = s.cfg.RequestTimeout
	return c
}

func (s *Server) listenOne(addr string, handler http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening for HTTP on %s: %w", addr, err)
	}
	s.lns = append(s.lns, ln)
	s.http = append(s.http, &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: s.cfg.HTTPReadHeaderTimeout,
		ReadTimeout:       s.cfg.HTTPReadTimeout,
		WriteTimeout:      s.cfg.HTTPWriteTimeout,
		IdleTimeout:       s.cfg.HTTPIdleTimeout,
		ErrorLog:          zap.NewStdLog(s.log.Named("http")),
	})
	return nil
}

// HTTPAddrs returns the bound HTTP listener addresses: the TaskChampion listeners in the order
// configured, then the metrics listener and the admin listener, each if there is one.
func (s *Server) HTTPAddrs() []string {
	addrs := make([]string, len(s.lns))
	for i, ln := range s.lns {
		addrs[i] = ln.Addr().String()
	}
	return addrs
}

// Serve serves until ctx is cancelled, then stops accepting, lets in-flight requests finish
// within the shutdown timeout and closes the store.
func (s *Server) Serve(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	for i, srv := range s.http {
		ln := s.lns[i]
		s.log.Info("serving HTTP", zap.String("addr", ln.Addr().String()))
		g.Go(func() error {
			if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("HTTP server on %s: %w", ln.Addr(), err)
			}
			return nil
		})
	}
	if s.taskd != nil {
		g.Go(s.serveTaskd)
	}
	g.Go(func() error { return s.pruneAudit(gctx) })
	g.Go(func() error {
		<-gctx.Done()
		return s.shutdown()
	})
	err := g.Wait()
	s.closeStore()
	return err
}

func (s *Server) shutdown() error {
	s.health.stopping.Store(true)
	s.log.Info("shutting down", zap.Duration("timeout", s.cfg.ShutdownTimeout))
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	var errs []error
	for _, srv := range s.http {
		errs = append(errs, srv.Shutdown(ctx))
	}
	if s.taskd != nil {
		errs = append(errs, s.taskd.Shutdown(ctx))
	}
	if s.authAudit != nil {
		s.authAudit.Flush(ctx)
	}
	return errors.Join(errs...)
}

func (s *Server) closeAll() {
	for _, ln := range s.lns {
		_ = ln.Close()
	}
	if s.taskdLn != nil {
		_ = s.taskdLn.Close()
	}
	s.closeStore()
}

func (s *Server) closeStore() {
	if err := s.store.Close(); err != nil {
		s.log.Warn("closing the store", zap.Error(err))
	}
}

// Run starts and serves until ctx ends.
func Run(ctx context.Context, cfg Config, log *zap.Logger) error {
	s, err := Start(ctx, cfg, log)
	if err != nil {
		return err
	}
	return s.Serve(ctx)
}
