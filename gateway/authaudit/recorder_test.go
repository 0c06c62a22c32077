package authaudit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

// rows is a Store that keeps the aggregated rows as AuditAddAggregated builds them.
type rows struct {
	mu     sync.Mutex
	byKey  map[string]store.AuditEntry
	writes int
}

func (r *rows) AuditAddAggregated(_ context.Context, key string, e store.AuditEntry) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes++
	if old, ok := r.byKey[key]; ok {
		old.Count += e.Events()
		old.Result = e.Result
		r.byKey[key] = old
		return nil
	}
	e.Count = e.Events()
	r.byKey[key] = e
	return nil
}

// TestOneRowPerSourceAndMinute: a flood of failed logins from one address makes one row a minute
// with the exact count, written a few times a minute; another address has its own row.
func TestOneRowPerSourceAndMinute(t *testing.T) {
	t.Parallel()
	st := &rows{byKey: map[string]store.AuditEntry{}}
	r := New(st, zaptest.NewLogger(t))
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	r.now = func() time.Time { return now }
	flood := taskd.Peer{Addr: &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 1}}
	other := taskd.Peer{Addr: &net.TCPAddr{IP: net.IPv4(192, 0, 2, 2), Port: 2}}
	denied := taskd.AccessDenied(errors.New("wrong key"))
	creds := taskd.Credentials{Org: "Home", User: "alice", Key: "00000000-0000-0000-0000-000000000001"}
	for i := range 400 * 60 { // 400 a second for a minute
		now = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second / 400)
		r.AuthFailed(t.Context(), flood, creds, denied)
	}
	r.AuthFailed(t.Context(), other, creds, denied)
	now = now.Add(time.Minute)
	r.AuthFailed(t.Context(), flood, creds, denied)
	r.Flush(t.Context())

	require.Len(t, st.byKey, 3, "two minutes of the flood and one of the other address")
	var counts []int64
	for _, e := range st.byKey {
		counts = append(counts, e.Count)
		require.Equal(t, Action, e.Action)
		require.Equal(t, "430 Access denied", e.Result)
		require.NotContains(t, e.Detail, creds.Key, "never the key")
	}
	require.ElementsMatch(t, []int64{400 * 60, 1, 1}, counts)
	require.Less(t, st.writes, 12, "a few writes for 24,000 failures")
}

// BenchmarkAuthFailed is one failed login while 1 or 10,000 other addresses have pending counts
// in the same minute: the cost of a failure must not grow with the number of addresses.
func BenchmarkAuthFailed(b *testing.B) {
	denied := taskd.AccessDenied(errors.New("wrong key"))
	creds := taskd.Credentials{Org: "Home", User: "alice"}
	for _, n := range []int{1, 10_000} {
		b.Run(fmt.Sprintf("sources=%d", n), func(b *testing.B) {
			r := New(&rows{byKey: map[string]store.AuditEntry{}}, zap.NewNop())
			now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
			r.now = func() time.Time { return now }
			for i := range n {
				r.AuthFailed(b.Context(), taskd.Peer{Addr: &net.TCPAddr{IP: net.IPv4(10, 0, byte(i>>8), byte(i)), Port: 1}}, creds, denied)
			}
			peer := taskd.Peer{Addr: &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 1}}
			for b.Loop() {
				r.AuthFailed(b.Context(), peer, creds, denied)
			}
		})
	}
}
