// Command taskgate-load measures a running taskgate server under a steady sync load: units of
// work per second, requests per second, latency percentiles per request type, error counts by
// status, and the server's resident memory before and after the load.
//
// Usage:
//
//	taskgate-load champion [--url http://127.0.0.1:8080] [--clients 50] [--workers 4]
//	    [--size 2048] [--duration 20s] [--warmup 0s] [--requests N] [--timeout 10s]
//	    [--server-pid PID] [--json] [--allow-remote]
//	taskgate-load fake-champion [--listen 127.0.0.1:8090]
//
// champion loads the TaskChampion HTTP protocol (Taskwarrior 3.x). It makes up --clients client
// ids and splits them among --workers workers, so no two workers write the same version chain;
// each worker cycles over its ids in round-robin. One unit of work is a request pair:
// add-version of a random --size-byte body on the client's current head (on 409 it rebases on
// X-Parent-Version-Id and retries; the 409s are counted), then get-child-version of the parent
// just used, which must return the version just added, byte for byte. The run measures for
// --duration after --warmup, or stops earlier after --requests measured pairs. The exit status
// is 1 when any request failed (the report is printed anyway) and 2 for bad usage.
//
// fake-champion serves an in-memory TaskChampion server (a map, no storage): loading it shows
// the ceiling of the load tool and the HTTP stack on this machine, the baseline for the figures
// of a real store.
//
// Only loopback targets are accepted unless --allow-remote is given: the load writes thousands
// of versions a second and creates accounts, and must never reach someone else's server through
// a typo or a stale variable. Proxies from the environment and redirects are not followed.
//
// # Benchmark
//
// The README figures come from these commands, run from the module root on an otherwise idle
// machine. Build both programs first:
//
//	go build -o /tmp/taskgate ./cmd/taskgate
//	go build -o /tmp/taskgate-load ./cmd/taskgate-load
//	LOAD='--clients 50 --workers 4 --size 2048 --warmup 2s --duration 20s'
//	up() { until curl -sf "$1" >/dev/null; do sleep 0.1; done; }
//
// Baseline, the tool's own ceiling:
//
//	/tmp/taskgate-load fake-champion --listen 127.0.0.1:8090 & SRV=$!
//	up http://127.0.0.1:8090/
//	/tmp/taskgate-load champion --url http://127.0.0.1:8090 $LOAD --server-pid $SRV
//	kill $SRV
//
// SQLite (embedded store in a fresh directory):
//
//	DIR=$(mktemp -d)
//	/tmp/taskgate serve --http-listen 127.0.0.1:8080 --data-dir "$DIR" --log-level warn 2>/tmp/taskgate-sqlite.log & SRV=$!
//	up http://127.0.0.1:8080/
//	/tmp/taskgate-load champion --url http://127.0.0.1:8080 $LOAD --server-pid $SRV
//	kill $SRV; wait $SRV; rm -rf "$DIR"
//
// PostgreSQL (a fresh database, dropped afterwards):
//
//	createdb -h 127.0.0.1 -U postgres taskgate_load
//	DB='postgres://postgres@127.0.0.1:5432/taskgate_load?sslmode=disable'
//	/tmp/taskgate serve --http-listen 127.0.0.1:8080 --db "$DB" --log-level warn 2>/tmp/taskgate-pg.log & SRV=$!
//	up http://127.0.0.1:8080/
//	/tmp/taskgate-load champion --url http://127.0.0.1:8080 $LOAD --server-pid $SRV
//	kill $SRV; wait $SRV; dropdb -h 127.0.0.1 -U postgres taskgate_load
//
// Repeat without --log-level warn to see the cost of the default info request log. Add --json
// for one machine-readable object per run.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
