package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestFakeChampionStatuses(t *testing.T) {
	fake := newFakeChampion()
	h := fake.handler()
	client := uuid.New()
	do := func(method, path, body string, hdr map[string]string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		for k, v := range hdr {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	hdr := map[string]string{"X-Client-Id": client.String(), "Content-Type": historySegmentType}
	nilPath := uuid.Nil.String()
	require.Equal(t, http.StatusNotFound, do("GET", "/v1/client/get-child-version/"+nilPath, "", hdr).Code, "unknown client")
	require.Equal(t, http.StatusBadRequest, do("POST", "/v1/client/add-version/"+nilPath, "", hdr).Code, "empty body")
	require.Equal(t, http.StatusBadRequest, do("POST", "/v1/client/add-version/"+nilPath, "b", map[string]string{"Content-Type": historySegmentType}).Code, "no client id")
	require.Equal(t, http.StatusBadRequest, do("POST", "/v1/client/add-version/"+nilPath, "b", map[string]string{"X-Client-Id": client.String()}).Code, "no content type")
	require.Equal(t, http.StatusNotFound, do("POST", "/v1/client/add-version/zzz", "b", hdr).Code, "bad path uuid")

	first := uuid.New() // any parent is accepted while the chain is empty
	w := do("POST", "/v1/client/add-version/"+first.String(), "one", hdr)
	require.Equal(t, http.StatusOK, w.Code)
	v1 := w.Header().Get("X-Version-Id")
	w = do("POST", "/v1/client/add-version/"+nilPath, "two", hdr)
	require.Equal(t, http.StatusConflict, w.Code)
	require.Equal(t, v1, w.Header().Get("X-Parent-Version-Id"))

	w = do("GET", "/v1/client/get-child-version/"+first.String(), "", hdr)
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "one", w.Body.String())
	require.Equal(t, v1, w.Header().Get("X-Version-Id"))
	require.Equal(t, historySegmentType, w.Header().Get("Content-Type"))
	require.Equal(t, http.StatusNotFound, do("GET", "/v1/client/get-child-version/"+v1, "", hdr).Code, "up to date")
	require.Equal(t, http.StatusGone, do("GET", "/v1/client/get-child-version/"+uuid.NewString(), "", hdr).Code)
	require.Equal(t, http.StatusOK, do("GET", "/", "", nil).Code)
	require.Equal(t, 1, fake.versions())
}
