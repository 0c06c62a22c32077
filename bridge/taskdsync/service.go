package taskdsync

import (
	"context"
	"time"

	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// Store is the slice of the store the service needs.
type Store interface {
	// TaskdCredentialGet returns the credential with key and its account, or store.ErrNotFound.
	TaskdCredentialGet(ctx context.Context, key uuid.UUID) (store.TaskdCredential, store.Account, error)
	// TaskdOrgGet returns an organization's suspension and redirect, or store.ErrNotFound.
	TaskdOrgGet(ctx context.Context, name string) (store.TaskdOrg, error)
	// ChainUpdate runs fn in one transaction holding the account's chain lock.
	ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error
}

// Replica is what the service needs of the server's plaintext replica.
type Replica interface {
	// Key returns the account's TaskChampion key.
	Key(ctx context.Context, accountID int64) (codec.Key, error)
	// Snapshot stores a snapshot of the account at v, which tx just appended.
	Snapshot(ctx context.Context, tx store.ChainTx, acct store.Account, v store.Version) error
}

// Service implements taskd.Backend over plaintext accounts.
type Service struct {
	store   Store
	replica Replica
	cfg     champion.Config
	log     *zap.Logger
	started time.Time
	stats   stats
	obs     Observer
}

// Observer records each sync, for metrics.
type Observer interface {
	// ObserveSync records one sync's result code (200, 201 or the error status) and duration.
	ObserveSync(code int, d time.Duration)
}

// SetObserver makes every sync reported to o.
func (s *Service) SetObserver(o Observer) { s.obs = o }

// New returns a Service. cfg supplies the snapshot urgency thresholds, so the server makes
// snapshots for accounts written only by 2.x clients on the same schedule 3.x clients would.
func New(st Store, rep Replica, cfg champion.Config, log *zap.Logger) *Service {
	return &Service{store: st, replica: rep, cfg: cfg, log: log.Named("taskdsync"), started: time.Now()}
}
