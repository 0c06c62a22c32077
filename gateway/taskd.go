package gateway

import (
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

// PKIDir is where taskgate keeps its CA and server certificate: Taskd.PKIDir, by default
// <DataDir>/pki. Account commands issue device certificates from the same CA.
func (c Config) PKIDir() string {
	if c.Taskd.PKIDir != "" {
		return c.Taskd.PKIDir
	}
	return filepath.Join(c.DataDir, "pki")
}

// listenTaskd binds the taskd TLS listener. It needs the master key: taskd clients can only
// sync plaintext accounts.
func (s *Server) listenTaskd() error {
	tc := s.cfg.Taskd
	if !tc.Enabled() {
		return nil
	}
	if !s.core.ServesPlaintext() {
		s.log.Warn("taskd listener not started: taskd clients sync plaintext accounts, which need a master key")
		return nil
	}
	tlsCfg, err := s.taskdTLS()
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
		HandshakeTimeout: tc.HandshakeTimeout, ReadTimeout: tc.ReadTimeout, WriteTimeout: tc.WriteTimeout,
		HandlerTimeout: s.cfg.RequestTimeout,
		Version:        s.cfg.Champion.Version,
	}, backend, s.log)
	if err != nil {
		return fmt.Errorf("taskd server: %w", err)
	}
	ln, err := net.Listen("tcp", tc.Listen)
	if err != nil {
		return fmt.Errorf("listening for taskd on %s: %w", tc.Listen, err)
	}
	s.taskd, s.taskdLn = srv, ln
	return nil
}

// taskdTLS builds the TLS configuration: taskgate's CA (created on first start) plus the client
// CAs an import put in the PKI directory and any operator-given ones, and a server certificate.
func (s *Server) taskdTLS() (*tls.Config, error) {
	tc := s.cfg.Taskd
	ca, created, err := pki.EnsureCA(s.cfg.PKIDir(), time.Now())
	if err != nil {
		return nil, fmt.Errorf("taskgate CA: %w", err)
	}
	if created {
		s.log.Info("created taskgate's CA for taskd client certificates", zap.String("dir", s.cfg.PKIDir()))
	}
	cert, err := s.taskdServerCert(ca)
	if err != nil {
		return nil, err
	}
	cas := []*x509.Certificate{ca.Certificate()}
	imported, err := pki.ClientCAs(s.cfg.PKIDir())
	if err != nil {
		return nil, fmt.Errorf("imported client CAs: %w", err)
	}
	cas = append(cas, imported...)
	for _, f := range tc.ClientCAs {
		more, err := pki.LoadCertificates(f)
		if err != nil {
			return nil, fmt.Errorf("--taskd-client-ca %s: %w", f, err)
		}
		cas = append(cas, more...)
	}
	opts := taskd.TLSOptions{RSAClientCerts: pki.NeedsTLS12(cas)}
	return taskd.ServerTLSConfig(cert, pki.ClientCAPool(cas...), opts)
}

func (s *Server) taskdServerCert(ca *pki.CA) (tls.Certificate, error) {
	tc := s.cfg.Taskd
	if tc.ServerCert != "" {
		return pki.LoadKeyPair(tc.ServerCert, tc.ServerKey)
	}
	if pair, ok, err := pki.KeptServerCert(s.cfg.PKIDir()); ok || err != nil {
		return pair, err
	}
	hosts := tc.Hostnames
	if len(hosts) == 0 {
		hosts = pki.DefaultHosts()
	}
	return ca.ServerCert(s.cfg.PKIDir(), hosts, time.Now())
}

// serveTaskd runs the taskd server until it is shut down.
func (s *Server) serveTaskd() error {
	s.log.Info("serving taskd over TLS", zap.String("addr", s.taskdLn.Addr().String()))
	if err := s.taskd.Serve(s.taskdLn); err != nil && !errors.Is(err, taskd.ErrServerClosed) {
		return fmt.Errorf("taskd server: %w", err)
	}
	return nil
}

// TaskdAddr returns the bound taskd listener address, or "" when taskd is off.
func (s *Server) TaskdAddr() string {
	if s.taskdLn == nil {
		return ""
	}
	return s.taskdLn.Addr().String()
}
