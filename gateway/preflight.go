package gateway

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store/sqlite"
)

// Preflight reads what the configuration names that must exist already — the master key (given
// or in its file) and, with the taskd listener on, the client CAs and the server certificate —
// and reports every problem at once. It creates nothing, so a start with a bad configuration
// fails before the store is opened, created or migrated.
func (c Config) Preflight() error {
	var errs []error
	if c.MasterKey != "" || c.MasterKeyFile != "" {
		if _, _, err := keys.Load(keys.Source{Value: c.MasterKey, File: c.MasterKeyFile}); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.masterKeyOrigin(), err))
		}
	}
	if c.Taskd.Enabled() {
		errs = append(errs, c.Taskd.preflight()...)
	}
	return errors.Join(errs...)
}

// masterKeyOrigin names where the configured master key comes from.
func (c Config) masterKeyOrigin() string {
	if c.MasterKey != "" {
		return "TASKGATE_MASTER_KEY"
	}
	return "--master-key-file"
}

// preflight loads the certificate files the taskd listener will need.
func (c TaskdConfig) preflight() []error {
	var errs []error
	for _, f := range c.ClientCAs {
		if _, err := pki.LoadCertificates(f); err != nil {
			errs = append(errs, fmt.Errorf("--taskd-client-ca: %w", err))
		}
	}
	if c.ServerCert != "" && c.ServerKey != "" {
		if _, err := pki.LoadKeyPair(c.ServerCert, c.ServerKey); err != nil {
			errs = append(errs, fmt.Errorf("--taskd-server-cert: %w", err))
		}
	}
	return errs
}

// EmbeddedDatabase is the file of the embedded SQLite store, or "" when DB names PostgreSQL.
func (c Config) EmbeddedDatabase() string {
	if c.DB != "" {
		return ""
	}
	return filepath.Join(c.DataDir, sqlite.FileName)
}
