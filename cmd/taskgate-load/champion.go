package main

import (
	"crypto/rand"
	"flag"
	"fmt"
	mrand "math/rand/v2"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
)

// TaskChampion request types, as named in the report.
const (
	opAddVersion = "add-version"
	opGetChild   = "get-child-version"
)

// historySegmentType is the content type of add-version bodies and get-child-version answers.
const historySegmentType = "application/vnd.taskchampion.history-segment"

// maxConflictRetries bounds how often one unit rebases after a 409 before giving up.
const maxConflictRetries = 5

// championMode is the champion subcommand: TaskChampion HTTP sync load (Taskwarrior 3.x).
func championMode() mode {
	return mode{
		name:       "champion",
		summary:    "TaskChampion HTTP sync load: add-version then get-child-version pairs",
		defaultURL: "http://127.0.0.1:8080",
		flags:      championFlags,
	}
}

func championFlags(fs *flag.FlagSet) buildDriver {
	size := fs.Int("size", 2048, "bytes of random body per add-version (non-empty, as the protocol requires)")
	return func(o *options, target *url.URL) (driver, error) {
		if *size < 1 {
			return nil, fmt.Errorf("--size must be at least 1, got %d", *size)
		}
		if target.Scheme != "http" && target.Scheme != "https" {
			return nil, fmt.Errorf("--url: scheme must be http or https, got %q", target.Scheme)
		}
		return newChampionDriver(target, o.timeout, o.clients, o.workers, *size), nil
	}
}

// championDriver generates TaskChampion load. Its client ids are split among the workers, so no
// two workers write the same version chain and 409s only come from outside interference.
type championDriver struct {
	target  *url.URL
	timeout time.Duration // of one request
	addPath string        // base path + "v1/client/add-version/"
	getPath string        // base path + "v1/client/get-child-version/"
	clients []uuid.UUID
	workers int
	size    int
}

func newChampionDriver(base *url.URL, timeout time.Duration, clients, workers, size int) *championDriver {
	b := base.EscapedPath()
	if !strings.HasSuffix(b, "/") {
		b += "/" // as the taskchampion client does, so a path prefix is kept
	}
	ids := make([]uuid.UUID, clients)
	for i := range ids {
		ids[i] = uuid.New()
	}
	return &championDriver{
		target: base, timeout: timeout, addPath: b + "v1/client/add-version/", getPath: b + "v1/client/get-child-version/",
		clients: ids, workers: workers, size: size,
	}
}

func (d *championDriver) unit() string  { return "pair" }
func (d *championDriver) ops() []string { return []string{opAddVersion, opGetChild} }

func (d *championDriver) settings() map[string]any {
	return map[string]any{"clients": len(d.clients), "size": d.size}
}

// newWorker gives worker id the client ids id, id+workers, id+2·workers, …, a connection and a
// random source of its own.
func (d *championDriver) newWorker(id int) (step, error) {
	w := &championWorker{d: d, http: newHTTPConn(d.target, d.timeout), body: make([]byte, d.size)}
	for j := id; j < len(d.clients); j += d.workers {
		w.replicas = append(w.replicas, &replica{id: d.clients[j]})
	}
	if len(w.replicas) == 0 {
		return nil, fmt.Errorf("worker %d has no client id: --clients must be at least --workers", id)
	}
	var seed [32]byte
	if _, err := rand.Read(seed[:]); err != nil {
		return nil, fmt.Errorf("seeding worker %d: %w", id, err)
	}
	w.rng = mrand.NewChaCha8(seed)
	return w.step, nil
}

// replica is one client id as the load sees it: the head of its version chain on the server.
type replica struct {
	id   uuid.UUID
	head uuid.UUID // nil until the first add-version succeeds
}
