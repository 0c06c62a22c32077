package taskd

import (
	"context"
	"fmt"
	"time"

	"go.uber.org/zap"
)

// handleSync answers an authenticated `type: sync` request: decode the payload, let the backend
// sync, and check its answer against the Backend contract.
func (s *Server) handleSync(ctx context.Context, log *zap.Logger, acct Account, req Request) (Message, error) {
	sreq, err := req.SyncRequest()
	if err != nil {
		return Message{}, err
	}
	start := time.Now()
	res, err := s.backend.Sync(ctx, acct, sreq)
	if err != nil {
		return Message{}, fmt.Errorf("taskd: sync account %d: %w", acct.ID, err)
	}
	resp, err := s.resp.sync(sreq, res)
	if err != nil {
		return Message{}, fmt.Errorf("taskd: sync account %d: %w", acct.ID, err)
	}
	log.Info("sync",
		zap.Int64("account", acct.ID),
		zap.Bool("init", sreq.Init),
		zap.String("client", clip(sreq.Client)),
		zap.Int("uploaded", len(sreq.Tasks)),
		zap.Int("downloaded", len(res.Tasks)),
		zap.Int("code", res.Code),
		zap.Duration("took", time.Since(start)))
	return resp, nil
}
