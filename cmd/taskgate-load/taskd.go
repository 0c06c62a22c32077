package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"net"
	"net/url"
	"time"
)

// taskd request types and the unit of work, as named in the report.
const (
	opHandshake = "handshake" // TCP connect and TLS handshake
	opExchange  = "exchange"  // one request frame out, one response frame back
	unitSync    = "sync"      // one connection: handshake, exchange, close
)

// Sync kinds of the taskd mode (--mode).
const (
	syncUpload = "upload" // each sync uploads one new or modified task: expects 200 and a new key
	syncNoop   = "noop"   // each sync sends only the current key: expects 201 and the same key
)

// taskdMode is the taskd subcommand: Taskserver sync load (Taskwarrior 2.x).
func taskdMode() mode {
	return mode{
		name:        "taskd",
		summary:     "Taskserver (taskd) TLS sync load: one sync request per connection",
		defaultAddr: "127.0.0.1:53589",
		flags:       taskdFlags,
	}
}

func taskdFlags(fs *flag.FlagSet) buildDriver {
	var files taskdTLSFiles
	fs.StringVar(&files.ca, "ca", "", "CA certificate (PEM) that the server certificate must chain to")
	fs.StringVar(&files.cert, "cert", "", "client certificate (PEM)")
	fs.StringVar(&files.key, "key", "", "client private key (PEM)")
	creds := fs.String("credentials", "", "accounts, ORG/USER/KEY[,ORG/USER/KEY…]; at least one per worker")
	credsFile := fs.String("credentials-file", "", "file with one ORG/USER/KEY per line, instead of --credentials")
	kind := fs.String("mode", syncUpload, "upload: each sync uploads one task; noop: each sync sends only the current key")
	serverName := fs.String("server-name", "", "name the server certificate must carry (default: the --addr host)")
	return func(o *options, target *url.URL) (driver, error) {
		if *kind != syncUpload && *kind != syncNoop {
			return nil, fmt.Errorf("--mode must be %s or %s, got %q", syncUpload, syncNoop, *kind)
		}
		accounts, err := loadCredentials(*creds, *credsFile)
		if err != nil {
			return nil, err
		}
		if len(accounts) < o.workers {
			return nil, fmt.Errorf("%d credentials for %d workers: workers never share an account", len(accounts), o.workers)
		}
		name := *serverName
		if name == "" {
			name = target.Hostname()
		}
		cfg, err := clientTLS(files, name)
		if err != nil {
			return nil, err
		}
		return newTaskdDriver(target.Host, cfg, accounts, o.workers, *kind, o.timeout), nil
	}
}

// taskdDriver generates taskd sync load. Its accounts are split among the workers, so no two
// workers sync the same account and every answer is predictable.
type taskdDriver struct {
	addr     string
	dialer   *tls.Dialer
	accounts []credential
	workers  int
	kind     string
	timeout  time.Duration
}

func newTaskdDriver(addr string, cfg *tls.Config, accounts []credential, workers int, kind string, timeout time.Duration) *taskdDriver {
	return &taskdDriver{
		addr: addr, dialer: &tls.Dialer{NetDialer: &net.Dialer{Timeout: timeout}, Config: cfg},
		accounts: accounts, workers: workers, kind: kind, timeout: timeout,
	}
}

func (d *taskdDriver) unit() string  { return unitSync }
func (d *taskdDriver) ops() []string { return []string{opHandshake, opExchange} }

func (d *taskdDriver) settings() map[string]any {
	return map[string]any{"accounts": len(d.accounts), "mode": d.kind}
}

// newWorker gives worker id the accounts id, id+workers, … and learns each one's current sync
// key with a download-only sync, so that measured syncs never download the whole history. That
// preparation is not measured.
func (d *taskdDriver) newWorker(id int) (step, error) {
	w := &taskdWorker{d: d}
	for j := id; j < len(d.accounts); j += d.workers {
		a := &taskdAccount{cred: d.accounts[j], task: newLoadTask()}
		if err := w.bootstrap(a); err != nil {
			return nil, fmt.Errorf("account %s: %w", a.cred, err)
		}
		w.accounts = append(w.accounts, a)
	}
	return w.step, nil
}

// bootstrap asks the server for a's latest sync key, within the request timeout.
func (w *taskdWorker) bootstrap(a *taskdAccount) error {
	ctx, cancel := context.WithTimeout(context.Background(), w.d.timeout)
	defer cancel()
	resp, err := w.roundTrip(ctx, newRecorder(), a, "") // not part of the measurement
	if err != nil {
		return fmt.Errorf("fetching the sync key: %w", err)
	}
	if resp.code != 200 && resp.code != 201 {
		return fmt.Errorf("fetching the sync key: code %d (%s)", resp.code, resp.status)
	}
	a.key = resp.key
	return nil
}
