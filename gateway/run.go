package gateway

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"go.uber.org/zap"
	"golang.org/x/sync/errgroup"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/gateway/authaudit"
	"github.com/taskgate/taskgate/gateway/metrics"
	"github.com/taskgate/taskgate/keys"
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
	// authAudit records failed taskd logins; nil while taskd is off.
	authAudit *authaudit.Recorder
	// master is the master key, for the admin API's account service.
	master keys.MasterKey
	// adminLn is the admin listener (also in lns); nil when it is off.
	adminLn net.Listener
}

// Start checks the configuration (Validate and Preflight, before anything is created), opens the
// store and binds every listener; Serve then serves until the context ends. Binding before
// serving lets callers (and tests) learn the actual addresses.
func Start(ctx context.Context, cfg Config, log *zap.Logger) (*Server, error) {
	if err := errors.Join(cfg.Validate(), cfg.Preflight()); err != nil {
		return nil, fmt.Errorf("invalid configuration:\n%w", err)
	}
	st, err := OpenStore(ctx, cfg, log)
	if err != nil {
		return nil, fmt.Errorf("opening the store: %w", err)
	}
	s := &Server{cfg: cfg, log: log, store: st, metrics: metrics.New()}
	log.Info("store opened", zap.String("engine", st.Engine()), zap.String("data_dir", cfg.storeLocation()))
	if err := s.loadMasterKey(); err != nil {
		s.closeStore()
		return nil, err
	}
	if err := s.listenTaskd(); err != nil {
		s.closeAll()
		return nil, err
	}
	if err := s.listenHTTP(); err != nil {
		s.closeAll()
		return nil, err
	}
	if err := s.listenMetrics(); err != nil {
		s.closeAll()
		return nil, err
	}
	if err := s.listenAdmin(s.master); err != nil {
		s.closeAll()
		return nil, err
	}
	return s, nil
}

// loadMasterKey loads (or, for the embedded default, generates) the master key and with it
// builds the chain core. Without a key, plaintext accounts are refused with an explanation.
func (s *Server) loadMasterKey() error {
	key, generated, err := keys.Load(s.cfg.MasterKeySource())
	if err != nil {
		return fmt.Errorf("loading the master key: %w", err)
	}
	if generated != "" {
		s.log.Warn("generated a new master key; back it up with the database, plaintext accounts cannot be read without it",
			zap.String("file", generated))
	}
	s.core, s.master = chain.New(s.store, key, s.cfg.Champion.CoreConfig()), key
	if !key.Valid() {
		s.log.Warn("no master key configured (--master-key-file or TASKGATE_MASTER_KEY): plaintext accounts are refused")
	}
	return nil
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

// listenMetrics binds the Prometheus listener, when one is configured. It is kept apart from
// the TaskChampion listeners so that it can stay on a private address.
func (s *Server) listenMetrics() error {
	if s.cfg.MetricsListen == "" {
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metrics.Handler())
	return s.listenOne(s.cfg.MetricsListen, mux)
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
// configured, then the metrics and admin listeners if there are any.
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
