package gateway

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"time"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/gateway/authaudit"
	"github.com/taskgate/taskgate/gateway/devices"
	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/taskd"
)

// PKIDir is the PKI directory of an earlier taskgate or of a taskd import: Taskd.PKIDir, by
// default <DataDir>/pki. Its certificates are taken into the store (OpenPKI), which is where
// every process and admin command reads them from.
func (c Config) PKIDir() string {
	if c.Taskd.PKIDir != "" {
		return c.Taskd.PKIDir
	}
	return filepath.Join(c.DataDir, "pki")
}

// listenTaskd binds the taskd TLS listener. It needs the master key: taskd clients can only
// sync plaintext accounts.
func (s *Server) listenTaskd(ctx context.Context) error {
	tc := s.cfg.Taskd
	if !tc.Enabled() {
		return nil
	}
	if !s.core.ServesPlaintext() {
		s.log.Warn("taskd listener not started: taskd clients sync plaintext accounts, which need a master key")
		return nil
	}
	tlsCfg, err := s.taskdTLS(ctx)
	if err != nil {
		return err
	}
	backend := taskdsync.New(s.store, s.core, s.log)
	backend.SetObserver(s.metrics)
	backend.SetCertBinding(devices.New(s.store, 0, s.log))
	s.authAudit = authaudit.New(s.store, s.log)
	backend.SetAuthFailures(s.authAudit)
	srv, err := taskd.New(taskd.Config{
		Addr: tc.Listen, TLS: tlsCfg, MaxRequestBytes: int(tc.MaxRequest), MaxConns: tc.MaxConns,
		MaxPending: tc.MaxPending, MaxPendingPerPeer: tc.MaxPendingPerPeer,
		HandshakeTimeout: tc.HandshakeTimeout, HeaderTimeout: tc.HeaderTimeout,
		MinBodyRate: int(tc.MinBodyRate), WriteTimeout: tc.WriteTimeout,
		HandlerTimeout: s.cfg.RequestTimeout,
		Version:        s.cfg.Champion.Version,
	}, backend, s.log)
	if err != nil {
		return fmt.Errorf("taskd server: %w", err)
	}
	srv.SetLimiter(s.limiter)
	srv.SetObserver(s.metrics)
	ln, err := net.Listen("tcp", tc.Listen)
	if err != nil {
		return fmt.Errorf("listening for taskd on %s: %w", tc.Listen, err)
	}
	s.taskd, s.taskdLn = srv, ln
	return nil
}

// taskdTLS builds the TLS configuration from the PKI in the store: taskgate's CA (created on
// first start, or taken over from the PKI directory) plus the trusted client CAs an import
// stored and any operator-given ones, and a server certificate.
func (s *Server) taskdTLS(ctx context.Context) (*tls.Config, error) {
	keeper, err := s.pkiKeeper(ctx)
	if err != nil {
		return nil, err
	}
	ca, created, err := keeper.CA(ctx, time.Now())
	if err != nil {
		return nil, fmt.Errorf("taskgate CA: %w", err)
	}
	if created {
		s.log.Info("created taskgate's CA for taskd client certificates in the store")
	}
	cert, err := s.taskdServerCert(ctx, keeper, ca)
	if err != nil {
		return nil, err
	}
	cas := []*x509.Certificate{ca.Certificate()}
	trusted, err := keeper.ClientCAs(ctx)
	if err != nil {
		return nil, err
	}
	cas = append(cas, trusted...)
	for _, f := range s.cfg.Taskd.ClientCAs {
		more, err := pki.LoadCertificates(f)
		if err != nil {
			return nil, fmt.Errorf("--taskd-client-ca %s: %w", f, err)
		}
		cas = append(cas, more...)
	}
	opts := taskd.TLSOptions{RSAClientCerts: pki.NeedsTLS12(cas)}
	return taskd.ServerTLSConfig(cert, pki.ClientCAPool(cas...), opts)
}

// taskdServerCert is the operator's certificate files, else the taskd certificate an import
// kept, else the store's certificate from taskgate's CA for the configured host names.
func (s *Server) taskdServerCert(ctx context.Context, keeper *pki.Keeper, ca *pki.CA) (tls.Certificate, error) {
	tc := s.cfg.Taskd
	if tc.ServerCert != "" {
		return pki.LoadKeyPair(tc.ServerCert, tc.ServerKey)
	}
	if pair, ok, err := keeper.KeptServerCert(ctx); ok || err != nil {
		return pair, err
	}
	return keeper.ServerCert(ctx, ca, tc.Hostnames, time.Now())
}

// serveTaskd runs the taskd server until it is shut down.
func (s *Server) serveTaskd() error {
	s.log.Info("serving taskd over TLS", zap.String("addr", s.taskdLn.Addr().String()))
	if err := s.taskd.Serve(s.taskdLn); err != nil && !errors.Is(err, taskd.ErrServerClosed) {
		return fmt.Errorf("taskd server: %w", err)
	}
	return nil
}
