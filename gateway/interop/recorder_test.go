package interop

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// recorder is a reverse proxy in front of the server that keeps the status and, for errors, the
// body of every answer, so a test can read what a real client was told: TaskChampion clients
// show only the status of an error, never its body.
type recorder struct {
	url     string
	mu      sync.Mutex
	answers []answer
}

// answer is one response as the client received it.
type answer struct {
	path   string
	status int
	body   string
}

// newRecorder starts a proxy to target on a free 127.0.0.1 port (the chroot shares the network).
func newRecorder(t *testing.T, target string) *recorder {
	t.Helper()
	u, err := url.Parse(target)
	require.NoError(t, err)
	r := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ModifyResponse = r.keep
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	r.url = srv.URL
	return r
}

func (r *recorder) keep(resp *http.Response) error {
	a := answer{path: resp.Request.URL.Path, status: resp.StatusCode}
	if resp.StatusCode >= http.StatusBadRequest {
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			return err
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		a.body = string(body)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.answers = append(r.answers, a)
	return nil
}

// since returns the answers after the first n whose path contains route.
func (r *recorder) since(n int, route string) []answer {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []answer
	for _, a := range r.answers[n:] {
		if strings.Contains(a.path, route) {
			out = append(out, a)
		}
	}
	return out
}

// count marks a point, for since.
func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.answers)
}
