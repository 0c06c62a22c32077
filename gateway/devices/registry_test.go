package devices

import (
	"context"
	"crypto/x509"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/store"
)

// registry is a Store over a map, counting reads and last-seen writes.
type registry struct {
	mu          sync.Mutex
	devices     map[string]store.Device
	reads, seen int
}

func (r *registry) DeviceGet(_ context.Context, fp string) (store.Device, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reads++
	d, ok := r.devices[fp]
	if !ok {
		return store.Device{}, store.ErrNotFound
	}
	return d, nil
}

func (r *registry) DeviceSeen(context.Context, string, time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen++
	return nil
}

func TestCheck(t *testing.T) {
	t.Parallel()
	mine, unknown := &x509.Certificate{Raw: []byte("mine")}, &x509.Certificate{Raw: []byte("imported CA's")}
	fp := pki.Fingerprint(mine)
	st := &registry{devices: map[string]store.Device{fp: {Fingerprint: fp, AccountID: 7, Name: "laptop"}}}
	r := New(st, time.Second, zaptest.NewLogger(t))
	now := time.Unix(1_800_000_000, 0)
	r.now = func() time.Time { return now }
	ctx := t.Context()

	require.NoError(t, r.Check(ctx, mine, 7))
	require.ErrorIs(t, r.Check(ctx, mine, 8), taskdsync.ErrCertOtherAccount)
	require.NoError(t, r.Check(ctx, unknown, 8), "a certificate taskgate did not issue is not bound")
	require.Equal(t, 2, st.reads, "one read per certificate while the cache is fresh")
	require.Equal(t, 1, st.seen, "last seen is written at most once a minute")

	st.devices[fp] = store.Device{Fingerprint: fp, AccountID: 7, Name: "laptop", RevokedAt: now}
	require.NoError(t, r.Check(ctx, mine, 7), "the cached answer, until it is a TTL old")
	now = now.Add(time.Second)
	require.ErrorIs(t, r.Check(ctx, mine, 7), taskdsync.ErrCertRevoked)
	require.Equal(t, 3, st.reads)
}
