package champion_test

import (
	"bytes"
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/store/testengines"
	"github.com/taskgate/taskgate/taskd/memtest"
)

// largeBody is the size of the bodies measured: large enough to dwarf everything else a request
// allocates, small enough for a test on a shared machine.
const largeBody = 32 << 20

// maxHeapPerBodyByte bounds what a large add-version or add-snapshot of an encrypted account may
// cost: the body, read into one buffer of its declared size, and at most one copy on its way
// into the store (a snapshot's; measured 1.00× for a version and 2.00× for a snapshot), with a
// margin for everything else a request allocates.
const maxHeapPerBodyByte = 2.5

// TestLargestBodyMemory sends a 32 MiB version and a 32 MiB snapshot of an encrypted account on
// SQLite and requires the heap to grow by at most maxHeapPerBodyByte times the body. It does not
// run in parallel: the measure is of the whole process.
func TestLargestBodyMemory(t *testing.T) {
	h := newHarness(t, testengines.Open[testStore](t, testengines.SQLite, nil), nil)
	client := uuid.New()
	body := make([]byte, largeBody)
	_, _ = rand.Read(body)
	for _, tt := range []struct {
		name, path, contentType string
	}{
		{"AddVersion", "/v1/client/add-version/" + uuid.Nil.String(), champion.ContentTypeHistorySegment},
		{"AddSnapshot", "", champion.ContentTypeSnapshot},
	} {
		path := tt.path
		if path == "" {
			path = "/v1/client/add-snapshot/" + h.latest(client).String()
		}
		r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		r.Header.Set("Content-Type", tt.contentType)
		r.Header.Set(champion.HeaderClientID, client.String())
		rec := httptest.NewRecorder()
		grew := memtest.PeakGrowth(func() { h.handler.ServeHTTP(rec, r) })
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		ratio := float64(grew) / float64(len(body))
		t.Logf("%s: %d-byte body, heap grew %d bytes (%.2f×)", tt.name, len(body), grew, ratio)
		require.LessOrEqual(t, ratio, float64(maxHeapPerBodyByte), tt.name)
	}
}

// latest returns the id of the client's newest version.
func (h *harness) latest(client uuid.UUID) uuid.UUID {
	rec := h.getChild(client, uuid.Nil)
	require.Equal(h.t, http.StatusOK, rec.Code)
	id, err := uuid.Parse(rec.Header().Get(champion.HeaderVersionID))
	require.NoError(h.t, err)
	return id
}
