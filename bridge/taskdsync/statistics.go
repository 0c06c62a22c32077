package taskdsync

import (
	"context"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/taskgate/taskgate/taskd"
)

// stats counts this process's syncs for the statistics request.
type stats struct {
	transactions atomic.Int64
	errors       atomic.Int64
}

func (s *stats) count(err error) {
	s.transactions.Add(1)
	if err != nil {
		s.errors.Add(1)
	}
}

// Statistics answers the taskd statistics request with this process's counters.
func (s *Service) Statistics(_ context.Context, _ taskd.Account) (map[string]string, error) {
	return map[string]string{
		"uptime":       strconv.FormatInt(int64(time.Since(s.started).Seconds()), 10),
		"transactions": strconv.FormatInt(s.stats.transactions.Load(), 10),
		"errors":       strconv.FormatInt(s.stats.errors.Load(), 10),
	}, nil
}
