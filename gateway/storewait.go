package gateway

import (
	"context"
	"errors"
	"time"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/store"
)

// storeRetryEvery is the pause between two tries to reach a store that is not up yet.
const storeRetryEvery = 2 * time.Second

// openStoreWaiting opens the store like OpenStore and, while the database cannot be reached
// (store.ErrUnavailable), tries again every storeRetryEvery until cfg.StoreWait has passed,
// logging each failed try. Other errors (a schema that is behind, a bad URL) stop at once.
func openStoreWaiting(ctx context.Context, cfg Config, log *zap.Logger) (Store, error) {
	deadline := time.Now().Add(cfg.StoreWait)
	for try := 1; ; try++ {
		st, err := OpenStore(ctx, cfg, log)
		left := time.Until(deadline)
		if err == nil || !errors.Is(err, store.ErrUnavailable) || left <= 0 {
			return st, err
		}
		log.Warn("the store cannot be reached yet; trying again", zap.Int("try", try),
			zap.Duration("giving_up_in", left.Round(time.Second)), zap.Error(err))
		select {
		case <-ctx.Done():
			return nil, errors.Join(err, ctx.Err())
		case <-time.After(min(storeRetryEvery, left)):
		}
	}
}
