package gateway

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/taskgate/taskgate/taskd"
)

// TaskdConfig configures the taskd (Taskwarrior 2.x) TLS listener.
type TaskdConfig struct {
	// Listen is the listener address; "off" disables taskd.
	Listen string
	// Hostnames are the names and addresses clients use in taskd.server; the generated server
	// certificate carries them all, so taskd.trust=strict works.
	Hostnames []string
	// ClientCAs are PEM files of additional CAs whose client certificates are accepted, such as
	// an imported Taskserver CA. taskgate's own CA is always trusted.
	ClientCAs []string
	// PKIDir holds taskgate's CA and server certificate; default <data dir>/pki.
	PKIDir string
	// ServerCert and ServerKey, when set, are used instead of a certificate from taskgate's CA
	// (for example the certificate an existing Taskserver installation served).
	ServerCert string
	ServerKey  string
	// MaxRequest is the largest request; larger ones are answered 504 before they are read.
	MaxRequest int64
	// MaxConns is the most requests served at once (connections past their request's frame
	// header); more are answered 420.
	MaxConns int
	// MaxPending and MaxPendingPerPeer bound the connections that have not sent a request yet,
	// in all and per source; a new one evicts the oldest.
	MaxPending        int
	MaxPendingPerPeer int
	// HandshakeTimeout, HeaderTimeout and WriteTimeout bound each phase of a connection;
	// MinBodyRate (bytes per second) bounds how slowly a request body may arrive.
	HandshakeTimeout time.Duration
	HeaderTimeout    time.Duration
	MinBodyRate      int64
	WriteTimeout     time.Duration
}

// TaskdOff disables the taskd listener when used as its address.
const TaskdOff = "off"

// DefaultTaskdListen is the conventional taskd address, on loopback.
const DefaultTaskdListen = "127.0.0.1:53589"

// DefaultTaskdConfig returns the defaults of the taskd listener.
func DefaultTaskdConfig() TaskdConfig {
	return TaskdConfig{
		Listen:            DefaultTaskdListen,
		MaxRequest:        taskd.DefaultMaxRequestBytes,
		MaxConns:          taskd.DefaultMaxConns,
		MaxPending:        taskd.DefaultMaxPending,
		MaxPendingPerPeer: taskd.DefaultMaxPendingPerPeer,
		HandshakeTimeout:  taskd.DefaultHandshakeTimeout,
		HeaderTimeout:     taskd.DefaultHeaderTimeout,
		MinBodyRate:       taskd.DefaultMinBodyRate,
		WriteTimeout:      taskd.DefaultWriteTimeout,
	}
}

// Enabled reports whether the taskd listener runs.
func (c TaskdConfig) Enabled() bool { return c.Listen != TaskdOff && c.Listen != "" }

func (c TaskdConfig) validate() []error {
	var errs []error
	if c.Enabled() {
		if _, _, err := net.SplitHostPort(c.Listen); err != nil {
			errs = append(errs, fmt.Errorf("--taskd-listen %q is not host:port or %q", c.Listen, TaskdOff))
		}
	}
	if (c.ServerCert == "") != (c.ServerKey == "") {
		errs = append(errs, errors.New("--taskd-server-cert and --taskd-server-key go together"))
	}
	if c.MaxRequest < 1 || c.MaxRequest > 1<<30 {
		errs = append(errs, errors.New("--taskd-max-request must be between 1 byte and 1GiB"))
	}
	if c.MaxConns < 1 || c.MaxPending < 1 || c.MaxPendingPerPeer < 1 {
		errs = append(errs, errors.New("--taskd-max-conns, --taskd-max-pending and --taskd-max-pending-per-peer must be at least 1"))
	}
	if c.MinBodyRate < 1 || c.MinBodyRate > 1<<30 {
		errs = append(errs, errors.New("--taskd-min-body-rate must be between 1 byte and 1GiB per second"))
	}
	if c.HandshakeTimeout <= 0 || c.HeaderTimeout <= 0 || c.WriteTimeout <= 0 {
		errs = append(errs, errors.New("taskd timeouts must be positive"))
	}
	return errs
}
