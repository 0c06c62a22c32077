package main

import (
	"crypto/rand"
	"flag"
	"fmt"
	mrand "math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
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
	size := fs.Int("size", 2048, "bytes of each add-version body (non-empty, as the protocol requires): random, or with --accounts-file a sealed history segment of about this size")
	accountsFile := fs.String("accounts-file", "", "load the plaintext accounts listed in `FILE` instead of made-up encrypted ones: one JSON object "+
		`{"client_id": "…", "encryption_secret": "…"} per line; at least one per worker`)
	clientsFile := fs.String("clients-file", "", "load the encrypted accounts whose client ids `FILE` lists, one per line, instead of made-up ones "+
		"(accounts made beforehand, e.g. through the admin API); at least one per worker")
	return func(o *options, target *url.URL) (driver, error) {
		if *size < 1 {
			return nil, fmt.Errorf("--size must be at least 1, got %d", *size)
		}
		if target.Scheme != "http" && target.Scheme != "https" {
			return nil, fmt.Errorf("--url: scheme must be http or https, got %q", target.Scheme)
		}
		if *clientsFile != "" {
			return clientsFileDriver(o, fs, target, *clientsFile, *accountsFile, *size)
		}
		if *accountsFile == "" {
			if o.clients < o.workers {
				return nil, fmt.Errorf("--clients (%d) must be at least --workers (%d): workers never share a client id", o.clients, o.workers)
			}
			return newChampionDriver(target, o.timeout, madeUpClients(o.clients), o.workers, *size), nil
		}
		if isSet(fs, "clients") {
			return nil, fmt.Errorf("give --clients or --accounts-file, not both: the file lists the accounts")
		}
		accounts, err := loadAccountsFile(*accountsFile)
		if err != nil {
			return nil, err
		}
		if len(accounts) < o.workers {
			return nil, fmt.Errorf("%d accounts in --accounts-file for %d workers: workers never share an account", len(accounts), o.workers)
		}
		return newChampionDriver(target, o.timeout, deriveKeys(accounts), o.workers, *size), nil
	}
}

// clientsFileDriver loads the encrypted accounts of a --clients-file.
func clientsFileDriver(o *options, fs *flag.FlagSet, target *url.URL, path, accountsFile string, size int) (driver, error) {
	if accountsFile != "" || isSet(fs, "clients") {
		return nil, fmt.Errorf("give one of --clients, --clients-file and --accounts-file")
	}
	accounts, err := loadClientsFile(path)
	if err != nil {
		return nil, err
	}
	if len(accounts) < o.workers {
		return nil, fmt.Errorf("%d client ids in --clients-file for %d workers: workers never share a client id", len(accounts), o.workers)
	}
	return newChampionDriver(target, o.timeout, accounts, o.workers, size), nil
}

// isSet reports whether flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// madeUpClients returns n new client ids without keys: the server creates an encrypted account
// for each on its first add-version.
func madeUpClients(n int) []championAccount {
	out := make([]championAccount, n)
	for i := range out {
		out[i].id = uuid.New()
	}
	return out
}

// championDriver generates TaskChampion load. Its client ids are split among the workers, so no
// two workers write the same version chain and 409s only come from outside interference.
type championDriver struct {
	target  *url.URL
	timeout time.Duration // of one request
	addPath string        // base path + "v1/client/add-version/"
	getPath string        // base path + "v1/client/get-child-version/"
	clients []uuid.UUID
	keys    []codec.Key // of clients[i], for plaintext accounts; nil for encrypted ones
	workers int
	size    int
}

// newChampionDriver loads accounts: plaintext ones when they have keys, whose bodies are then
// sealed history segments, else encrypted ones with random bodies. Accounts come all of one kind
// (made up or read from --accounts-file).
func newChampionDriver(base *url.URL, timeout time.Duration, accounts []championAccount, workers, size int) *championDriver {
	b := base.EscapedPath()
	if !strings.HasSuffix(b, "/") {
		b += "/" // as the taskchampion client does, so a path prefix is kept
	}
	d := &championDriver{
		target: base, timeout: timeout, addPath: b + "v1/client/add-version/", getPath: b + "v1/client/get-child-version/",
		clients: make([]uuid.UUID, len(accounts)), workers: workers, size: size,
	}
	if slices.ContainsFunc(accounts, func(a championAccount) bool { return !a.key.IsZero() }) {
		d.keys = make([]codec.Key, len(accounts))
	}
	for i, a := range accounts {
		d.clients[i] = a.id
		if d.keys != nil {
			d.keys[i] = a.key
		}
	}
	return d
}

// plaintext reports whether the driver loads plaintext accounts.
func (d *championDriver) plaintext() bool { return d.keys != nil }

// accountMode names the kind of accounts loaded, as taskgate account add does.
func (d *championDriver) accountMode() string {
	if d.plaintext() {
		return "plaintext"
	}
	return "encrypted"
}

func (d *championDriver) unit() string  { return "pair" }
func (d *championDriver) ops() []string { return []string{opAddVersion, opGetChild} }

func (d *championDriver) settings() map[string]any {
	return map[string]any{"clients": len(d.clients), "size": d.size, "account_mode": d.accountMode()}
}

// newWorker gives worker id the client ids id, id+workers, id+2·workers, …, a connection and a
// random source of its own.
func (d *championDriver) newWorker(id int) (step, error) {
	w := &championWorker{d: d, http: newHTTPConn(d.target, d.timeout)}
	for j := id; j < len(d.clients); j += d.workers {
		r := &replica{id: d.clients[j]}
		if d.plaintext() {
			r.key = d.keys[j]
		}
		w.replicas = append(w.replicas, r)
	}
	if len(w.replicas) == 0 {
		return nil, fmt.Errorf("worker %d has no client id: there must be at least as many accounts as workers", id)
	}
	var seed [32]byte
	if _, err := rand.Read(seed[:]); err != nil {
		return nil, fmt.Errorf("seeding worker %d: %w", id, err)
	}
	rng := mrand.NewChaCha8(seed)
	if d.plaintext() {
		w.bodies = &segmentBodies{rng: rng, size: d.size}
	} else {
		w.bodies = &randomBodies{rng: rng, b: make([]byte, d.size)}
	}
	return w.step, nil
}

// replica is one client id as the load sees it: the head of its version chain on the server, and
// for a plaintext account the key its versions are sealed with.
type replica struct {
	id   uuid.UUID
	head uuid.UUID // nil until the first add-version succeeds
	key  codec.Key // zero for an encrypted account
}
