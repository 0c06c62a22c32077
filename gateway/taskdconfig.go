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
	// MaxConns is the most connections served at once.
	MaxConns int
	// HandshakeTimeout, ReadTimeout and WriteTimeout bound each phase of a connection.
	HandshakeTimeout time.Duration
	ReadTimeout      time.Duration
	WriteTimeout     time.Duration
}

// TaskdOff disables the taskd listener when used as its address.
const TaskdOff = "off"

// DefaultTaskdListen is the conventional taskd address, on loopback.
const DefaultTaskdListen = "127.0.0.1:53589"

// DefaultTaskdConfig returns the defaults of the taskd listener.
func DefaultTaskdConfig() TaskdConfig {
	return TaskdConfig{
		Listen:           DefaultTaskdListen,
		MaxRequest:       taskd.DefaultMaxRequestBytes,
		MaxConns:         taskd.DefaultMaxConns,
		HandshakeTimeout: taskd.DefaultHandshakeTimeout,
		ReadTimeout:      taskd.DefaultReadTimeout,
		WriteTimeout:     taskd.DefaultWriteTimeout,
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
	if c.MaxConns < 1 {
		errs = append(errs, errors.New("--taskd-max-conns must be at least 1"))
	}
	if c.HandshakeTimeout <= 0 || c.ReadTimeout <= 0 || c.WriteTimeout <= 0 {
		errs = append(errs, errors.New("taskd timeouts must be positive"))
	}
	return errs
}
