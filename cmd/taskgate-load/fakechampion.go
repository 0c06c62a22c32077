package main

import (
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/google/uuid"
)

// fakeChampion is a minimal in-memory TaskChampion server: add-version and get-child-version
// over a map, with the reference status codes. It is the baseline that shows the load tool's
// own ceiling (HTTP round trips with no storage behind them), and the server of the tests.
type fakeChampion struct {
	mu     sync.Mutex
	chains map[uuid.UUID]*fakeChain
}

// fakeChain is one client's version chain.
type fakeChain struct {
	latest   uuid.UUID
	children map[uuid.UUID]fakeVersion // by parent
}

type fakeVersion struct {
	id   uuid.UUID
	body []byte
}

// fakeMaxBody is the protocol's largest body (100 MiB).
const fakeMaxBody = 100 << 20

func newFakeChampion() *fakeChampion {
	return &fakeChampion{chains: map[uuid.UUID]*fakeChain{}}
}

// handler routes the two endpoints and GET /.
func (f *fakeChampion) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "taskgate-load fake TaskChampion server")
	})
	mux.HandleFunc("POST /v1/client/add-version/{parent}", f.addVersion)
	mux.HandleFunc("GET /v1/client/get-child-version/{parent}", f.getChildVersion)
	return stripPrefix(mux)
}

// stripPrefix drops anything before /v1/client/, as taskgate does for servers behind a sub-path.
func stripPrefix(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if i := strings.Index(r.URL.Path, "/v1/client/"); i > 0 {
			r.URL.Path, r.URL.RawPath = r.URL.Path[i:], ""
		}
		next.ServeHTTP(w, r)
	})
}

// ids parses the client id header and the parent path value, answering 400/404 when invalid.
func ids(w http.ResponseWriter, r *http.Request) (client, parent uuid.UUID, ok bool) {
	parent, err := uuid.Parse(r.PathValue("parent"))
	if err != nil {
		http.Error(w, "no such version", http.StatusNotFound)
		return client, parent, false
	}
	client, err = uuid.Parse(r.Header.Get("X-Client-Id"))
	if err != nil {
		http.Error(w, "bad x-client-id", http.StatusBadRequest)
		return client, parent, false
	}
	return client, parent, true
}

func (f *fakeChampion) addVersion(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Content-Type") != historySegmentType {
		http.Error(w, "Bad content-type", http.StatusBadRequest)
		return
	}
	client, parent, ok := ids(w, r)
	if !ok {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, fakeMaxBody+1))
	if err != nil || len(body) == 0 || len(body) > fakeMaxBody {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	id, latest, added := f.add(client, parent, body)
	if !added {
		w.Header().Set("X-Parent-Version-Id", latest.String())
		w.WriteHeader(http.StatusConflict)
		return
	}
	w.Header().Set("X-Version-Id", id.String())
}

// add appends body after parent on client's chain, creating the client, unless parent is not
// the latest version (and the chain is not empty); then it returns the latest and false.
func (f *fakeChampion) add(client, parent uuid.UUID, body []byte) (id, latest uuid.UUID, added bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.chains[client]
	if c == nil {
		c = &fakeChain{children: map[uuid.UUID]fakeVersion{}}
		f.chains[client] = c
	}
	if c.latest != uuid.Nil && parent != c.latest {
		return uuid.Nil, c.latest, false
	}
	id = uuid.New()
	c.children[parent] = fakeVersion{id: id, body: body}
	c.latest = id
	return id, id, true
}

func (f *fakeChampion) getChildVersion(w http.ResponseWriter, r *http.Request) {
	client, parent, ok := ids(w, r)
	if !ok {
		return
	}
	v, status := f.child(client, parent)
	if status != http.StatusOK {
		http.Error(w, http.StatusText(status), status)
		return
	}
	w.Header().Set("Content-Type", historySegmentType)
	w.Header().Set("X-Version-Id", v.id.String())
	w.Header().Set("X-Parent-Version-Id", parent.String())
	_, _ = w.Write(v.body)
}

// child returns the child of parent with 200, or 404 (unknown client, or up to date) or 410.
func (f *fakeChampion) child(client, parent uuid.UUID) (fakeVersion, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.chains[client]
	if c == nil {
		return fakeVersion{}, http.StatusNotFound
	}
	if v, ok := c.children[parent]; ok {
		return v, http.StatusOK
	}
	if c.latest == parent || c.latest == uuid.Nil {
		return fakeVersion{}, http.StatusNotFound
	}
	return fakeVersion{}, http.StatusGone
}

// versions returns how many versions are stored over all clients.
func (f *fakeChampion) versions() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.chains {
		n += len(c.children)
	}
	return n
}
