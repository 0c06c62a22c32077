package champion_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion"
)

const (
	segType  = champion.ContentTypeHistorySegment
	snapType = champion.ContentTypeSnapshot
)

// TestStatusMatrix pins every row of the reference server's status matrix, on both stores.
func TestStatusMatrix(t *testing.T) {
	t.Parallel()
	forEachStore(t, func(t *testing.T, st testStore) {
		allowed := uuid.New()
		h := newHarness(t, st, nil)
		strict := newHarness(t, st, func(c *champion.Config) { c.AllowClientIDs = []uuid.UUID{allowed} })
		noCreate := newHarness(t, st, func(c *champion.Config) { c.CreateClients = false })

		client, ids := h.chain(3)
		empty := uuid.New() // a client whose chain is empty
		_, err := st.ClientEnsureEncrypted(context.Background(), empty)
		require.NoError(t, err)
		unknown := uuid.New().String()
		c := client.String()
		addPath := "/v1/client/add-version/" + ids[2].String()
		childPath := func(p uuid.UUID) string { return "/v1/client/get-child-version/" + p.String() }
		snapPath := "/v1/client/add-snapshot/" + ids[2].String()

		tests := []struct {
			name string
			h    *harness
			req  req
			code int
			body string
		}{
			{"IndexOK", h, req{method: "GET", path: "/"}, 200, "taskgate test"},
			{"UnknownRoute", h, req{method: "GET", path: "/nope"}, 404, ""},
			{"WrongMethod", h, req{method: "GET", path: addPath, clientID: c}, 404, ""},
			{"AddBadPathUUID", h, req{method: "POST", path: "/v1/client/add-version/zzz", contentType: segType, clientID: c, body: []byte("x")}, 404, ""},
			{"AddBadContentType", h, req{method: "POST", path: addPath, contentType: "not/correct", clientID: c, body: []byte("x")}, 400, "Bad content-type"},
			{"AddMissingContentType", h, req{method: "POST", path: addPath, clientID: c, body: []byte("x")}, 400, "Bad content-type"},
			{"AddContentTypeParams", h, req{method: "POST", path: addPath, contentType: segType + "; charset=utf-8", clientID: uuid.NewString(), body: []byte("x")}, 200, ""},
			{"AddMissingClientID", h, req{method: "POST", path: addPath, contentType: segType, body: []byte("x")}, 400, "bad x-client-id"},
			{"AddBadClientID", h, req{method: "POST", path: addPath, contentType: segType, clientID: "nope", body: []byte("x")}, 400, "bad x-client-id"},
			{"AddNotAllowed", strict, req{method: "POST", path: addPath, contentType: segType, clientID: c, body: []byte("x")}, 403, "unknown x-client-id"},
			{"AddEmptyBody", h, req{method: "POST", path: addPath, contentType: segType, clientID: c}, 400, "Empty body"},
			{"AddUnknownNoCreate", noCreate, req{method: "POST", path: addPath, contentType: segType, clientID: unknown, body: []byte("x")}, 404, "No such client"},
			{"ChildBadPathUUID", h, req{method: "GET", path: "/v1/client/get-child-version/zzz", clientID: c}, 404, ""},
			{"ChildBadClientID", h, req{method: "GET", path: childPath(ids[0]), clientID: "nope"}, 400, "bad x-client-id"},
			{"ChildNotAllowed", strict, req{method: "GET", path: childPath(ids[0]), clientID: c}, 403, "unknown x-client-id"},
			{"ChildUnknownClient", h, req{method: "GET", path: childPath(uuid.Nil), clientID: unknown}, 404, "no such client"},
			{"ChildEmptyChainNil", h, req{method: "GET", path: childPath(uuid.Nil), clientID: empty.String()}, 404, "no such version"},
			{"ChildEmptyChainRandom", h, req{method: "GET", path: childPath(uuid.New()), clientID: empty.String()}, 404, "no such version"},
			{"ChildUpToDate", h, req{method: "GET", path: childPath(ids[2]), clientID: c}, 404, "no such version"},
			{"ChildGone", h, req{method: "GET", path: childPath(uuid.New()), clientID: c}, 410, "version has been deleted"},
			{"SnapBadPathUUID", h, req{method: "POST", path: "/v1/client/add-snapshot/zzz", contentType: snapType, clientID: c, body: []byte("s")}, 404, ""},
			{"SnapBadContentType", h, req{method: "POST", path: snapPath, contentType: segType, clientID: c, body: []byte("s")}, 400, "Bad content-type"},
			{"SnapBadClientID", h, req{method: "POST", path: snapPath, contentType: snapType, clientID: "nope", body: []byte("s")}, 400, "bad x-client-id"},
			{"SnapNotAllowed", strict, req{method: "POST", path: snapPath, contentType: snapType, clientID: c, body: []byte("s")}, 403, "unknown x-client-id"},
			{"SnapEmptyBody", h, req{method: "POST", path: snapPath, contentType: snapType, clientID: c}, 400, "No snapshot supplied"},
			{"SnapUnknownClient", h, req{method: "POST", path: snapPath, contentType: snapType, clientID: unknown, body: []byte("s")}, 404, "No such client"},
			{"SnapUnknownVersion", h, req{method: "POST", path: "/v1/client/add-snapshot/" + uuid.NewString(), contentType: snapType, clientID: c, body: []byte("s")}, 200, ""},
			{"GetSnapBadClientID", h, req{method: "GET", path: "/v1/client/snapshot", clientID: "nope"}, 400, "bad x-client-id"},
			{"GetSnapNotAllowed", strict, req{method: "GET", path: "/v1/client/snapshot", clientID: c}, 403, "unknown x-client-id"},
			{"GetSnapUnknownClient", h, req{method: "GET", path: "/v1/client/snapshot", clientID: unknown}, 404, "No such client"},
			{"GetSnapNone", h, req{method: "GET", path: "/v1/client/snapshot", clientID: c}, 404, "no snapshot"},
			{"ClientIDSimpleForm", h, req{method: "GET", path: childPath(ids[2]), clientID: strings.ReplaceAll(c, "-", "")}, 404, "no such version"},
			{"ClientIDURNForm", h, req{method: "GET", path: childPath(ids[2]), clientID: "urn:uuid:" + strings.ToUpper(c)}, 404, "no such version"},
			{"PathPrefix", h, req{method: "GET", path: "/sync/tw" + childPath(ids[2]), clientID: c}, 404, "no such version"},
		}
		for _, tt := range tests {
			rec := tt.h.do(tt.req)
			require.Equalf(t, tt.code, rec.Code, "%s: body %q", tt.name, rec.Body.String())
			if tt.body != "" {
				require.Containsf(t, rec.Body.String(), tt.body, tt.name)
			}
			require.Equalf(t, "no-store, max-age=0", rec.Header().Get("Cache-Control"), tt.name)
		}
	})
}

func TestAddVersion(t *testing.T) {
	t.Parallel()
	forEachStore(t, func(t *testing.T, st testStore) {
		h := newHarness(t, st, nil)
		t.Run("NewClientGetsHighUrgency", func(t *testing.T) {
			rec := h.addVersion(uuid.New(), uuid.Nil, "first")
			require.Equal(t, http.StatusOK, rec.Code)
			require.Equal(t, "urgency=high", rec.Header().Get(champion.HeaderSnapshotRequest))
			require.Empty(t, rec.Header().Get(champion.HeaderParentVersionID))
			require.Empty(t, rec.Body.String())
		})
		t.Run("NilRuleAcceptsAnyParent", func(t *testing.T) {
			client := uuid.New()
			parent := uuid.New()
			v := h.mustAdd(client, parent, "continuing")
			rec := h.getChild(client, parent)
			require.Equal(t, http.StatusOK, rec.Code)
			require.Equal(t, v.String(), rec.Header().Get(champion.HeaderVersionID))
		})
		t.Run("ConflictNamesLatest", func(t *testing.T) {
			client, ids := h.chain(3)
			rec := h.addVersion(client, ids[1], "late")
			require.Equal(t, http.StatusConflict, rec.Code)
			require.Equal(t, ids[2].String(), rec.Header().Get(champion.HeaderParentVersionID))
			require.Empty(t, rec.Header().Get(champion.HeaderVersionID))
			require.Equal(t, http.StatusNotFound, h.getChild(client, ids[2]).Code, "storage unchanged")
		})
		t.Run("OversizedByLength", func(t *testing.T) {
			small := newHarness(t, st, func(c *champion.Config) { c.MaxBody = 10 })
			rec := small.addVersion(uuid.New(), uuid.Nil, "01234567890")
			require.Equal(t, http.StatusBadRequest, rec.Code)
			require.Equal(t, "overflow", rec.Body.String())
			require.Equal(t, http.StatusOK, small.addVersion(uuid.New(), uuid.Nil, "0123456789").Code, "exactly the limit is allowed")
		})
		t.Run("OversizedChunked", func(t *testing.T) {
			small := newHarness(t, st, func(c *champion.Config) { c.MaxBody = 10 })
			for body, want := range map[string]int{"01234567890": http.StatusBadRequest, "0123456789": http.StatusOK} {
				r := httptest.NewRequest(http.MethodPost, "/v1/client/add-version/"+uuid.Nil.String(), io.MultiReader(strings.NewReader(body)))
				r.ContentLength = -1 // unknown length, as with chunked encoding
				r.Header.Set("Content-Type", champion.ContentTypeHistorySegment)
				r.Header.Set(champion.HeaderClientID, uuid.NewString())
				rec := httptest.NewRecorder()
				small.handler.ServeHTTP(rec, r)
				require.Equalf(t, want, rec.Code, "body %q: %s", body, rec.Body.String())
			}
		})
	})
}

func TestGetChildVersionReturnsExactBytes(t *testing.T) {
	t.Parallel()
	forEachStore(t, func(t *testing.T, st testStore) {
		h := newHarness(t, st, nil)
		client := uuid.New()
		body := string([]byte{0x01, 0x00, 0xff, 'a', 'b'})
		v := h.mustAdd(client, uuid.Nil, body)
		rec := h.getChild(client, uuid.Nil)
		require.Equal(t, http.StatusOK, rec.Code)
		require.Equal(t, champion.ContentTypeHistorySegment, rec.Header().Get("Content-Type"))
		require.Equal(t, v.String(), rec.Header().Get(champion.HeaderVersionID))
		require.Equal(t, uuid.Nil.String(), rec.Header().Get(champion.HeaderParentVersionID))
		require.Equal(t, body, rec.Body.String())
		require.Equal(t, strconv.Itoa(len(body)), rec.Header().Get("Content-Length"), "declared, so never sent chunked")
	})
}
