package gateway

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/keys"
)

// pruneAudit deletes audit entries past Admin.AuditRetention now and every auditPruneEvery until
// ctx ends. Every process on a shared store prunes; the deletes do not conflict.
func (s *Server) pruneAudit(ctx context.Context) error {
	if s.cfg.Admin.AuditRetention <= 0 {
		return nil
	}
	m := accounts.New(s.store, keys.MasterKey{}, "")
	tick := time.NewTicker(auditPruneEvery)
	defer tick.Stop()
	for {
		n, err := m.AuditPrune(ctx, s.cfg.Admin.AuditRetention)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Warn("pruning the audit log", zap.Error(err))
		case n > 0:
			s.log.Info("pruned the audit log", zap.Int64("entries", n), zap.Duration("retention", s.cfg.Admin.AuditRetention))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}
