package metrics

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestHandlerShowsObservations(t *testing.T) {
	t.Parallel()
	m := New()
	m.ObserveHTTP("/v1/client/add-version/:parent", 200, "plaintext", time.Millisecond)
	m.ObserveHTTP("/", 200, "", time.Microsecond)
	m.ObserveSync(201, time.Millisecond)
	m.ObserveRefusal("taskd", "quota_bytes")
	m.ObserveRefusal("taskd", "quota_bytes")
	m.ObserveRefusal("taskchampion", "address_rate")
	m.WatchSpill(func() int64 { return 4096 })
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	require.Contains(t, body, `taskgate_champion_requests_total{mode="plaintext",route="/v1/client/add-version/:parent",status="200"} 1`)
	require.Contains(t, body, `taskgate_champion_requests_total{mode="none",route="/",status="200"} 1`)
	require.Contains(t, body, `taskgate_taskd_syncs_total{code="201"} 1`)
	require.Contains(t, body, `taskgate_refusals_total{limit="quota_bytes",protocol="taskd"} 2`)
	require.Contains(t, body, `taskgate_refusals_total{limit="address_rate",protocol="taskchampion"} 1`)
	require.Contains(t, body, "taskgate_taskd_spill_bytes 4096")
	require.Contains(t, body, "go_goroutines")
}
