// Command taskgate-load measures a running taskgate server under a steady sync load: units of
// work per second, requests per second, latency percentiles per request type, error counts by
// status, the server's resident memory before and after the load, and CPU time over the measured
// window.
//
// Usage:
//
//	taskgate-load champion [--url http://127.0.0.1:8080] [--clients 50 | --clients-file FILE | --accounts-file FILE]
//	    [--workers 4] [--size 2048] [--duration 20s] [--warmup 0s] [--requests N] [--timeout 10s]
//	    [--server-pid PID] [--also-pid PID[,PID…]] [--also-pgrep NAME] [--json] [--allow-remote]
//	taskgate-load taskd [--addr 127.0.0.1:53589] --ca FILE --cert FILE --key FILE
//	    (--credentials ORG/USER/KEY[,ORG/USER/KEY…] | --credentials-file FILE) [--workers 4]
//	    [--mode upload|noop] [--server-name NAME] [--duration 20s] [--warmup 0s] [--requests N]
//	    [--timeout 10s] [--server-pid PID] [--also-pid PID[,PID…]] [--also-pgrep NAME] [--json]
//	    [--allow-remote]
//	taskgate-load fake-champion [--listen 127.0.0.1:8090]
//
// champion loads the TaskChampion HTTP protocol (Taskwarrior 3.x). It makes up --clients client
// ids and splits them among --workers workers, so no two workers write the same version chain;
// each worker cycles over its ids in round-robin. One unit of work is a request pair:
// add-version of a random --size-byte body on the client's current head (on 409 it rebases on
// X-Parent-Version-Id and retries; the 409s are counted), then get-child-version of the parent
// just used, which must return the version just added, byte for byte. Each worker keeps one
// keep-alive HTTP/1.1 connection and writes its requests on it itself, so the load tool spends
// on a request little of the CPU it shares with the server on one machine (net/http's Transport
// passes each request between three goroutines); answers are parsed by net/http and recorded as
// they came, without retries. The load comes from one address, faster than any household syncs:
// start the server with its rate limits off (taskgate serve --rate-address 0 --rate-account 0),
// or it answers 429 and 420 past them. The run measures for
// --duration after --warmup, or stops earlier after --requests measured pairs. The exit status
// is 1 when any request failed (the report is printed anyway) and 2 for bad usage.
//
// The made-up client ids are encrypted accounts, which taskgate creates on their first
// add-version and whose bodies it stores without reading them. --clients-file loads existing
// encrypted accounts instead, one client id per line (blank lines and lines starting with '#'
// skipped), for a server that makes no accounts on a client's first sync; scripts/bench-accounts.sh
// loads the accounts it created through the admin API so. --accounts-file loads plaintext
// accounts instead, whose versions the server opens with the account's key and applies to its
// task state. The file holds one JSON object per line (JSON lines; blank lines and lines starting
// with '#' are skipped), {"client_id": "…", "encryption_secret": "…"}: the
// sync.server.client_id and sync.encryption_secret of an account made by taskgate account add
// --plaintext (recipe below). Its accounts, at least one per worker, replace --clients and are
// split among the workers like the made-up ids. Each account's key is derived once before the
// run (PBKDF2, a good part of a second per account), and every add-version body is then a real
// history segment sealed with that key after the parent the request names: one Create and four
// Set operations making a new pending task, its description padded with random letters so that
// the sealed segment is --size bytes (about 680 at the least). After a 409 the same operations
// are sealed again for the new parent, which the envelope authenticates. The report's settings
// say which kind of accounts were loaded (account_mode=encrypted or plaintext).
//
// taskd loads the Taskserver protocol (Taskwarrior 2.x), against taskgate's taskd listener or
// any taskd. The accounts (one or more per worker, never shared) are split among the workers.
// One unit of work is one sync on its own TLS connection, as Taskwarrior does it: connect and
// handshake with the client certificate (the server certificate must chain to --ca and name
// --server-name, by default the --addr host; a certificate without any SAN is matched by its
// common name, as Taskwarrior accepts the ones taskd's PKI scripts make), send one sync request,
// read the response, close. Before the run each worker learns its accounts' latest sync keys with
// a download-only sync, which is not measured. --mode upload sends the key and one new or
// modified task line of about 200 bytes (modified = now) and expects 200 with a new key; --mode
// noop sends only the key and expects 201 with the same key. The report shows the handshake, the
// exchange and the whole sync, and every response code.
//
// CPU time is counted from the end of the warm-up until the last worker stops (Linux only, from
// /proc): the server's (--server-pid), the database's (the sum of the --also-pid processes and of
// those whose /proc/PID/comm is an --also-pgrep name when the window opens; processes started
// later are not counted, those that exit count with their last reading, taken every second), the
// load tool's own, and the machine's busy, steal and iowait shares of all cores. Each process
// group is reported in seconds, in percent of one core and in microseconds per unit of work; on a
// shared VM whose steal varies, CPU per unit is steadier than units per second, and a high steal
// share marks a disturbed run. Clock ticks are 10 ms, so short runs give coarse figures.
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
//	/tmp/taskgate-load champion --url http://127.0.0.1:8080 $LOAD --server-pid $SRV --also-pgrep postgres
//	kill $SRV; wait $SRV; dropdb -h 127.0.0.1 -U postgres taskgate_load
//
// PostgreSQL with taskgate on one scheduler thread, the setting the README recommends when the
// database shares a machine of two cores: the same commands with GOMAXPROCS=1 before
// /tmp/taskgate serve.
//
// Repeat without --log-level warn to see the cost of the default info request log. Add --json
// for one machine-readable object per run.
//
// # Plaintext benchmark
//
// Plaintext accounts against encrypted ones on PostgreSQL, 8 workers over 16 accounts of each
// kind, with both programs built and up defined as above. A PostgreSQL store needs a master key
// for plaintext accounts; the taskd listener is turned off, as it would otherwise make its
// certificates in ./taskgate-data. account add --json prints an account's settings, of which jq
// keeps the two that the accounts file needs:
//
//	N=16 W=$(mktemp -d); openssl rand -hex 32 >$W/master.key
//	createdb -h 127.0.0.1 -U postgres taskgate_load
//	DB='postgres://postgres@127.0.0.1:5432/taskgate_load?sslmode=disable'
//	for i in $(seq $N); do
//	  /tmp/taskgate account add load$i --plaintext --json --db "$DB" --master-key-file $W/master.key |
//	    jq -c '{client_id: .taskrc3["sync.server.client_id"], encryption_secret: .taskrc3["sync.encryption_secret"]}'
//	done >$W/plaintext.jsonl
//	/tmp/taskgate serve --http-listen 127.0.0.1:8080 --taskd-listen off --db "$DB" --master-key-file $W/master.key --log-level warn 2>/tmp/taskgate-pg.log & SRV=$!
//	up http://127.0.0.1:8080/
//	PLOAD="--url http://127.0.0.1:8080 --workers 8 --size 2048 --warmup 2s --duration 20s --server-pid $SRV --also-pgrep postgres"
//	/tmp/taskgate-load champion $PLOAD --accounts-file $W/plaintext.jsonl
//	/tmp/taskgate-load champion $PLOAD --clients $N
//	kill $SRV; wait $SRV; dropdb -h 127.0.0.1 -U postgres taskgate_load; rm -rf $W
//
// Compare the add-version rows of the two reports. On SQLite, make the accounts with --data-dir
// "$DIR" instead of --db and --master-key-file, before serve --data-dir "$DIR" (the first account
// generates $DIR/master.key). Each plaintext pair adds a task, so the accounts' task state grows
// over a run; loading the same file again starts with one recovered 409 per account, whose head
// the load does not know.
//
// # taskd benchmark
//
// taskgate's taskd listener against Debian's taskd 1.1.0 (apt-get install taskd), in one script
// run from the module root; HIST is the history of the large no-op account (taskd's tx.data grows
// by two lines per sync). Both servers get six accounts: four for the concurrent upload load, one
// with 10 syncs of history, one with HIST.
//
//	HIST=10000 W=$(mktemp -d); go build -o /tmp/taskgate ./cmd/taskgate; go build -o /tmp/taskgate-load ./cmd/taskgate-load
//	up() { until (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; do sleep 0.1; done; }
//	load() { /tmp/taskgate-load taskd "$@" --json; }
//
// taskgate, with the certificates and credentials that account add writes (taskrc2 in its JSON):
//
//	TG=$W/taskgate; mkdir $TG
//	for u in u1 u2 u3 u4 u5 u6; do
//	  /tmp/taskgate account add $u --plaintext --taskd Org/$u --out $TG/$u --data-dir $TG/data --json >$TG/$u.json
//	done
//	cred() { jq -r '.taskrc2["taskd.credentials"]' $TG/$1.json; }
//	TGALL=$(for u in u1 u2 u3 u4; do cred $u; done | paste -sd,)
//	TGTLS="--addr 127.0.0.1:53601 --ca $TG/u1/ca.cert.pem --cert $TG/u1/u1.cert.pem --key $TG/u1/u1.key.pem"
//	/tmp/taskgate serve --data-dir $TG/data --http-listen 127.0.0.1:0 --taskd-listen 127.0.0.1:53601 --log-level warn & TGPID=$!
//
// taskd 1.1.0, with the PKI of its own scripts (RSA 4096, CN=localhost, no SAN):
//
//	export TASKDDATA=$W/taskd; mkdir $TASKDDATA
//	taskd init; taskd config --force server 127.0.0.1:53602
//	cp -r /usr/share/taskd/pki $TASKDDATA/pki
//	(cd $TASKDDATA/pki && sed -i 's/^CN=.*/CN=localhost/' vars && ./generate && ./generate.client load)
//	for f in ca.cert server.cert server.key server.crl; do taskd config --force $f $TASKDDATA/pki/$f.pem; done
//	taskd config --force request.limit 10485760; taskd config --force log $W/taskd.log
//	taskd add org Org
//	TDCREDS=$(for u in u1 u2 u3 u4 u5 u6; do echo "Org/$u/$(taskd add user Org $u | awk '/New user key/ {print $4}')"; done)
//	tdcred() { echo "$TDCREDS" | sed -n "$1p"; }; TDALL=$(echo "$TDCREDS" | head -4 | paste -sd,)
//	TDTLS="--addr 127.0.0.1:53602 --server-name localhost --ca $TASKDDATA/pki/ca.cert.pem --cert $TASKDDATA/pki/load.cert.pem --key $TASKDDATA/pki/load.key.pem"
//	taskd server --data $TASKDDATA & TDPID=$!
//	up 53601; up 53602
//
// Concurrent syncs with small uploads, then no-op syncs at small and large history:
//
//	load $TGTLS --credentials $TGALL --mode upload --workers 4 --warmup 2s --duration 15s --server-pid $TGPID
//	load $TDTLS --credentials $TDALL --mode upload --workers 4 --warmup 2s --duration 15s --server-pid $TDPID
//	load $TGTLS --credentials $(cred u5) --mode upload --workers 1 --requests 10 --duration 1h
//	load $TGTLS --credentials $(cred u6) --mode upload --workers 1 --requests $HIST --duration 1h
//	load $TDTLS --credentials $(tdcred 5) --mode upload --workers 1 --requests 10 --duration 1h
//	load $TDTLS --credentials $(tdcred 6) --mode upload --workers 1 --requests $HIST --duration 1h
//	load $TGTLS --credentials $(cred u5) --mode noop --workers 1 --warmup 1s --duration 10s
//	load $TGTLS --credentials $(cred u6) --mode noop --workers 1 --warmup 1s --duration 10s
//	load $TDTLS --credentials $(tdcred 5) --mode noop --workers 1 --warmup 1s --duration 10s
//	load $TDTLS --credentials $(tdcred 6) --mode noop --workers 1 --warmup 1s --duration 10s
//	kill $TGPID $TDPID; wait; rm -rf $W
//
// Compare units_per_s and the sync latency row; the handshake row separates the TLS cost (taskd's
// RSA 4096 keys) from the exchange, where the history cost shows.
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
