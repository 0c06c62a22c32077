// Package devices binds taskd client certificates to the accounts taskgate issued them for: the
// taskd listener asks the Registry about every client certificate before it lets a login through.
package devices

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/store"
)

// Defaults of a Registry.
const (
	// DefaultCacheTTL is how long a lookup is reused: a revocation reaches every taskgate process
	// on the store within this time.
	DefaultCacheTTL = 5 * time.Second
	// seenEvery is how often, at most, a certificate's last-seen time is written.
	seenEvery = time.Minute
	// maxCached bounds the cache; it is emptied when it grows beyond.
	maxCached = 1 << 16
)

// Store is the slice of the store the Registry reads and writes.
type Store interface {
	// DeviceGet returns a device certificate by fingerprint, or store.ErrNotFound.
	DeviceGet(ctx context.Context, fingerprint string) (store.Device, error)
	// DeviceSeen records that a certificate was presented.
	DeviceSeen(ctx context.Context, fingerprint string, at time.Time) error
}

// Registry implements taskdsync.CertBinding over the device registry, with a short cache.
// Certificates taskgate issued are bound to their account and refused once revoked; a
// certificate it never recorded (one from an imported taskd CA, or one taskgate issued before it
// kept a registry) logs in to any account, as on taskd.
type Registry struct {
	st  Store
	ttl time.Duration
	log *zap.Logger
	now func() time.Time

	mu    sync.Mutex
	cache map[string]*entry
}

// entry is a cached lookup.
type entry struct {
	dev      store.Device
	found    bool
	fetched  time.Time
	seenSent time.Time
}

// New returns a Registry over st whose lookups are reused for ttl (DefaultCacheTTL when 0).
func New(st Store, ttl time.Duration, log *zap.Logger) *Registry {
	if ttl <= 0 {
		ttl = DefaultCacheTTL
	}
	return &Registry{st: st, ttl: ttl, log: log.Named("devices"), now: time.Now, cache: make(map[string]*entry)}
}

var _ taskdsync.CertBinding = (*Registry)(nil)

// Check returns nil when cert may log in to accountID, and an error wrapping
// taskdsync.ErrCertRevoked or taskdsync.ErrCertOtherAccount when it may not.
func (r *Registry) Check(ctx context.Context, cert *x509.Certificate, accountID int64) error {
	fp := pki.Fingerprint(cert)
	e, err := r.lookup(ctx, fp)
	if err != nil {
		return err
	}
	switch {
	case !e.found:
		return nil
	case e.dev.Revoked():
		return fmt.Errorf("device %q (%s): %w", e.dev.Name, fp, taskdsync.ErrCertRevoked)
	case e.dev.AccountID != accountID:
		return fmt.Errorf("device %q (%s) of account %d: %w", e.dev.Name, fp, e.dev.AccountID, taskdsync.ErrCertOtherAccount)
	}
	r.markSeen(ctx, fp)
	return nil
}

// lookup returns the registry's entry for fp, from the cache while it is fresh.
func (r *Registry) lookup(ctx context.Context, fp string) (entry, error) {
	now := r.now()
	r.mu.Lock()
	if e, ok := r.cache[fp]; ok && now.Sub(e.fetched) < r.ttl {
		defer r.mu.Unlock()
		return *e, nil
	}
	r.mu.Unlock()
	d, err := r.st.DeviceGet(ctx, fp)
	found := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return entry{}, fmt.Errorf("looking up the device certificate: %w", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.cache) >= maxCached {
		clear(r.cache)
	}
	e := r.cache[fp]
	if e == nil {
		e = &entry{}
		r.cache[fp] = e
	}
	e.dev, e.found, e.fetched = d, found, now
	return *e, nil
}

// markSeen writes the certificate's last-seen time, at most once per seenEvery per process.
func (r *Registry) markSeen(ctx context.Context, fp string) {
	now := r.now()
	r.mu.Lock()
	e := r.cache[fp]
	due := e != nil && now.Sub(e.seenSent) >= seenEvery
	if due {
		e.seenSent = now
	}
	r.mu.Unlock()
	if !due {
		return
	}
	if err := r.st.DeviceSeen(ctx, fp, now.UTC()); err != nil {
		r.log.Warn("recording when a device was last seen", zap.String("fingerprint", fp), zap.Error(err))
	}
}
