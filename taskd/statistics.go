package taskd

import (
	"context"
	"fmt"

	"go.uber.org/zap"
)

// handleStatistics answers an authenticated `type: statistics` request (docs/protocols/taskd.md
// §3.5), authenticated as a sync is: the backend's values as response headers with an empty payload.
// Taskwarrior never sends it; Taskserver's monitoring scripts did.
func (s *Server) handleStatistics(ctx context.Context, log *zap.Logger, acct Account, req Request) (Message, error) {
	stats, err := s.backend.Statistics(ctx, acct)
	if err != nil {
		return Message{}, fmt.Errorf("taskd: statistics for account %d: %w", acct.ID, err)
	}
	resp, err := s.resp.statistics(stats)
	if err != nil {
		return Message{}, fmt.Errorf("taskd: statistics for account %d: %w", acct.ID, err)
	}
	log.Info("statistics", zap.Int64("account", acct.ID), zap.String("client", clip(req.Client)))
	return resp, nil
}
