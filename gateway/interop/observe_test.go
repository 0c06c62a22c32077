package interop

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const nilVersion = "00000000-0000-0000-0000-000000000000"

// get sends one protocol GET as the given client and returns the response (body closed).
func (s *server) get(t *testing.T, clientID, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.url+path, nil)
	require.NoError(t, err)
	req.Header.Set("X-Client-Id", clientID)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	require.NoError(t, err, "GET %s", path)
	require.NoError(t, resp.Body.Close())
	return resp
}

// chain walks the client's version chain from the nil version with get-child-version.
func (s *server) chain(t *testing.T, clientID string) []string {
	t.Helper()
	var versions []string
	parent := nilVersion
	for {
		resp := s.get(t, clientID, "/v1/client/get-child-version/"+parent)
		if resp.StatusCode == http.StatusNotFound {
			return versions
		}
		require.Equal(t, http.StatusOK, resp.StatusCode, "GET get-child-version/%s", parent)
		parent = resp.Header.Get("X-Version-Id")
		versions = append(versions, parent)
	}
}

// snapshot returns the status of GET /v1/client/snapshot and the snapshot's version id.
func (s *server) snapshot(t *testing.T, clientID string) (int, string) {
	t.Helper()
	resp := s.get(t, clientID, "/v1/client/snapshot")
	return resp.StatusCode, resp.Header.Get("X-Version-Id")
}

// logRequest is one request line of the server's JSON log.
type logRequest struct {
	Msg    string `json:"msg"`
	Method string `json:"method"`
	Route  string `json:"route"`
	Status int    `json:"status"`
}

// logSize marks a point in the log, for requestsSince.
func (s *server) logSize(t *testing.T) int64 {
	t.Helper()
	fi, err := os.Stat(s.logPath)
	require.NoError(t, err)
	return fi.Size()
}

// requestsSince returns the protocol requests logged after mark whose route contains route.
func (s *server) requestsSince(t *testing.T, mark int64, route string) []logRequest {
	t.Helper()
	f, err := os.Open(s.logPath)
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	_, err = f.Seek(mark, 0)
	require.NoError(t, err)
	var reqs []logRequest
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r logRequest
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Msg == "request" && strings.Contains(r.Route, route) {
			reqs = append(reqs, r)
		}
	}
	require.NoError(t, sc.Err())
	return reqs
}

// statuses counts requests by status code.
func statuses(reqs []logRequest) map[int]int {
	counts := map[int]int{}
	for _, r := range reqs {
		counts[r.Status]++
	}
	return counts
}
