// Package authaudit writes failed taskd authentications into the audit log, one row per source
// address and minute: a client that tries hundreds of keys a second costs a few writes a minute.
package authaudit

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

// Action is the audit action of a failed taskd authentication.
const Action = "taskd.auth"

// Timing of the writes.
const (
	// flushEvery is how often, at most, one source's row of the current minute is updated.
	flushEvery = 10 * time.Second
	// writeTimeout bounds one write.
	writeTimeout = 5 * time.Second
)

// Store is the slice of the store the Recorder writes to.
type Store interface {
	// AuditAddAggregated adds an entry to the aggregated row of key.
	AuditAddAggregated(ctx context.Context, key string, e store.AuditEntry) error
}

// Recorder implements taskdsync.AuthFailures. It is safe for concurrent use.
type Recorder struct {
	st  Store
	log *zap.Logger
	now func() time.Time

	mu      sync.Mutex
	pending map[string]*source
	// swept is the minute of the last sweep: until the minute changes, every pending source is
	// of this minute and a sweep would find nothing to write.
	swept int64
}

// source is what one address did in one minute and is not written yet.
type source struct {
	minute  int64
	entry   store.AuditEntry // the first failure of the minute; Count is the unwritten count
	written time.Time
}

// write is one row update to make.
type write struct {
	key   string
	entry store.AuditEntry
}

// New returns a Recorder writing to st.
func New(st Store, log *zap.Logger) *Recorder {
	return &Recorder{st: st, log: log.Named("authaudit"), now: time.Now, pending: make(map[string]*source)}
}

var _ taskdsync.AuthFailures = (*Recorder)(nil)

// AuthFailed counts one failed authentication of peer. The first of a minute is written at once,
// later ones at most every flushEvery, and what is left when the minute ends with the next failure
// or Flush. The pending sources are swept once a minute, not on every failure, so a flood from
// many addresses costs a map lookup per failure.
func (r *Recorder) AuthFailed(ctx context.Context, peer taskd.Peer, c taskd.Credentials, err error) {
	now := r.now()
	host := peer.Host()
	minute := now.Unix() / 60
	key := Action + "|" + host + "|" + strconv.FormatInt(minute, 10)
	r.mu.Lock()
	var writes []write
	if minute != r.swept {
		writes, r.swept = r.sweep(minute), minute
	}
	s := r.pending[key]
	if s == nil {
		s = &source{minute: minute, entry: store.AuditEntry{At: now.UTC(), Actor: "taskd:" + host, Action: Action,
			Detail: fmt.Sprintf("org %q user %q", c.Org, c.User)}}
		r.pending[key] = s
	}
	s.entry.Count++
	s.entry.Result = result(err)
	if now.Sub(s.written) >= flushEvery {
		writes = append(writes, write{key, s.entry})
		s.entry.Count, s.written = 0, now
	}
	r.mu.Unlock()
	r.write(context.WithoutCancel(ctx), writes)
}

// Flush writes every unwritten count, for a clean shutdown.
func (r *Recorder) Flush(ctx context.Context) {
	r.mu.Lock()
	writes := r.sweep(1 << 62)
	r.mu.Unlock()
	r.write(ctx, writes)
}

// sweep removes the sources of minutes before minute and returns their unwritten counts. The
// caller holds mu.
func (r *Recorder) sweep(minute int64) []write {
	var writes []write
	for key, s := range r.pending {
		if s.minute >= minute {
			continue
		}
		if s.entry.Count > 0 {
			writes = append(writes, write{key, s.entry})
		}
		delete(r.pending, key)
	}
	return writes
}

// write makes the row updates, logging failures.
func (r *Recorder) write(ctx context.Context, writes []write) {
	for _, w := range writes {
		wctx, cancel := context.WithTimeout(ctx, writeTimeout)
		err := r.st.AuditAddAggregated(wctx, w.key, w.entry)
		cancel()
		if err != nil {
			r.log.Warn("writing a failed taskd login to the audit log", zap.String("actor", w.entry.Actor), zap.Error(err))
		}
	}
}

// result is the status a failed authentication was answered with.
func result(err error) string {
	var se *taskd.StatusError
	if errors.As(err, &se) {
		return strconv.Itoa(se.Code) + " " + se.Status
	}
	return err.Error()
}
