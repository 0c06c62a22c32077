package taskdsync

import (
	"context"
	"time"

	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/merge"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
)

// Store is the slice of the store the service needs.
type Store interface {
	// TaskdLoginGet returns the credential with key, its account and its organization, in one
	// read, or store.ErrNotFound.
	TaskdLoginGet(ctx context.Context, key uuid.UUID) (store.TaskdLogin, error)
}

// Service implements taskd.Backend over plaintext accounts.
type Service struct {
	store   Store
	core    *chain.Core
	log     *zap.Logger
	started time.Time
	stats   stats
	obs     Observer
	// binding and failures are optional (nil: no certificate binding, no reports).
	binding  CertBinding
	failures AuthFailures
	// prepareFrom is the number of uploaded tasks from which a sync is prepared outside the
	// chain lock (see DefaultPrepareFrom).
	prepareFrom int
	// parts bounds the parts of a prepared upload (see DefaultPartLines).
	parts merge.Limits
	// turns makes the prepared syncs of one account take turns.
	turns turns
}

// Observer records each sync, for metrics.
type Observer interface {
	// ObserveSync records one sync's result code (200, 201 or the error status) and duration.
	ObserveSync(code int, d time.Duration)
	// ObserveRefusal records a request of protocol refused by limit (here: a quota).
	ObserveRefusal(protocol, limit string)
}

// SetObserver makes every sync reported to o.
func (s *Service) SetObserver(o Observer) { s.obs = o }

// New returns a Service that looks up credentials in st and writes through core.
func New(st Store, core *chain.Core, log *zap.Logger) *Service {
	return &Service{store: st, core: core, log: log.Named("taskdsync"), started: time.Now(), prepareFrom: DefaultPrepareFrom,
		parts: merge.Limits{Lines: DefaultPartLines, Bytes: DefaultPartBytes}}
}
