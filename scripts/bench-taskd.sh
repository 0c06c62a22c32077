#!/usr/bin/env bash
# bench-taskd.sh: taskgate's taskd listener against Debian's taskd 1.1.0, side by side, in one run.
#
# Each sync is what a Taskwarrior 2.x client does: a new TLS connection with a full handshake and
# the client certificate, one sync request uploading one task line, the response, close.
# taskgate-load drives WORKERS workers, each with its own account, for DURATION after WARMUP.
#
# taskd is set up the way its documentation says: its own PKI scripts (with BITS=TASKD_BITS, 2048
# by default; the scripts' own default is 4096), taskd init, taskd config, one organization and
# one user per worker. taskgate runs with the server certificate it makes itself, accounts made by
# `taskgate account add --plaintext --taskd`, its rate limits off, and the load's own client CA
# (below). Every server listens on 127.0.0.1 only, in a fresh
# temporary directory that is removed at the end, as are the processes started here.
#
# A run has ROUNDS rounds; each round loads taskd, then taskgate, then BASELINE_TASKGATE if set,
# each on a fresh set of accounts so that no round starts with another round's history. The table
# gives syncs/s per server and round, the medians, and the ratios to taskd.
#
# Usage, from anywhere (taskd and jq installed: apt-get install taskd jq):
#
#   scripts/bench-taskd.sh
#   ROUNDS=1 DATABASE='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable' scripts/bench-taskd.sh
#   BASELINE_TASKGATE=/tmp/taskgate-old scripts/bench-taskd.sh
#
# Settings (environment):
#
#   ROUNDS=3                 rounds
#   WORKERS=4                concurrent clients, one account each
#   DURATION=20s WARMUP=2s   measured time and unmeasured warm-up of each load
#   TASKD_BITS=2048          RSA key size of taskd's CA, server and client certificates
#   TASKGATE=PATH            taskgate binary to measure (default: built from this repository)
#   BASELINE_TASKGATE=PATH   a second taskgate binary loaded in the same rounds, e.g. one built
#                            from an older commit, for "before and after" in one run
#   TASKGATE_LOAD=PATH       load tool (default: built from this repository)
#   DATABASE=URL             run taskgate on PostgreSQL instead of the embedded SQLite store: URL
#                            names a database on a loopback server used only to create a fresh
#                            database per taskgate instance, dropped at the end; pgxpool's
#                            pool_* parameters (pool_max_conns=16) go to taskgate only
#   PORT_BASE=53610          first of the loopback ports used (taskd, taskgate, baseline)
#   OUT=DIR                  keep every load report (JSON) and the servers' logs in DIR
#   QUIET=PCT                before each load, wait (at most 5 minutes) until the machine's cores
#                            were less than PCT % busy over 3 s: on a shared machine, another
#                            program's burst would otherwise decide the figures
set -euo pipefail

ROUNDS=${ROUNDS:-3}
WORKERS=${WORKERS:-4}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-2s}
TASKD_BITS=${TASKD_BITS:-2048}
PORT_BASE=${PORT_BASE:-53610}
DATABASE=${DATABASE:-}
BASELINE_TASKGATE=${BASELINE_TASKGATE:-}
OUT=${OUT:-}
QUIET=${QUIET:-}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() { echo "bench-taskd: $*" >&2; exit 1; }

[[ $ROUNDS =~ ^[1-9][0-9]?$ ]] || die "ROUNDS must be 1-99"
[[ $WORKERS =~ ^[1-9][0-9]?$ ]] || die "WORKERS must be 1-99"
[[ $TASKD_BITS =~ ^[0-9]+$ ]] || die "TASKD_BITS must be a number"
[[ -z $QUIET || $QUIET =~ ^[1-9][0-9]?$ ]] || die "QUIET must be a percentage, 1-99"
[[ $PORT_BASE =~ ^[0-9]+$ ]] && ((PORT_BASE > 1024 && PORT_BASE < 65000)) || die "PORT_BASE must be 1025-64999"
for cmd in taskd certtool jq openssl go timeout; do
	command -v "$cmd" >/dev/null || die "$cmd not found (apt-get install taskd jq)"
done
if [[ -n $DATABASE ]]; then
	command -v psql >/dev/null || die "psql not found"
	# Loopback only: the load writes thousands of versions and creates databases.
	[[ $DATABASE =~ ^postgres(ql)?://([^@/]*@)?(127\.0\.0\.1|localhost|\[::1\])(:[0-9]+)?/[^/?]+(\?.*)?$ ]] ||
		die "DATABASE must be postgres://[USER@]127.0.0.1[:PORT]/DBNAME[?…] on a loopback address"
	# psql gets DATABASE without pgxpool's pool_* parameters, which libpq refuses; taskgate gets
	# them all.
	PSQL_URL=$(sed -E 's/([?&])pool_[a-z_]+=[^&]*&?/\1/g; s/[?&]$//' <<<"$DATABASE")
fi

# Seconds in a Go-style duration given as Ns (the only form accepted here, to bound the run).
secs() { [[ $1 =~ ^([0-9]+)s$ ]] || die "durations are given in seconds, like 20s (got $1)"; echo "${BASH_REMATCH[1]}"; }
LOAD_TIMEOUT=$(($(secs "$DURATION") + $(secs "$WARMUP") + 120))

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-taskd.XXXXXX")
PIDS=()
DATABASES=()

# stop ends one process started here: SIGTERM, then SIGKILL after 15 s.
stop() {
	local pid=$1 i
	kill "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 150; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	local pid db
	for pid in "${PIDS[@]}"; do stop "$pid"; done
	for db in "${DATABASES[@]}"; do
		timeout 30 psql "$PSQL_URL" -qAt -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 ||
			echo "bench-taskd: could not drop database $db" >&2
	done
	if [[ -n $OUT ]]; then
		mkdir -p "$OUT"
		cp "$WORK"/*.json "$WORK"/*.log "$OUT"/ 2>/dev/null || true
	fi
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# free fails when something already listens on the loopback port.
free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# await waits, at most 30 s, until pid listens on the loopback port; log is its output.
await() {
	local pid=$1 port=$2 log=$3 i
	for ((i = 0; i < 300; i++)); do
		kill -0 "$pid" 2>/dev/null || die "the server on port $port exited: $(tail -n 5 "$log")"
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		sleep 0.1
	done
	die "nothing listens on 127.0.0.1:$port after 30 s"
}

# keyinfo describes a certificate's public key: "RSA 2048" or "ECDSA P-256".
keyinfo() {
	openssl x509 -in "$1" -noout -text | awk '
		/Public Key Algorithm:/ { alg = $NF }
		/Public-Key:/ { gsub(/[()]/, "", $2); bits = $2 }
		/NIST CURVE:/ { curve = $NF }
		END {
			if (alg == "rsaEncryption") print "RSA " bits
			else if (alg == "id-ecPublicKey") print "ECDSA " (curve != "" ? curve : bits " bit")
			else print alg " " bits
		}'
}

# tlsinfo names the protocol version and cipher suite a handshake with the client certificate
# gets (as OpenSSL's client negotiates it; Go's client offers the same versions).
tlsinfo() { # port servername ca cert key
	timeout 10 openssl s_client -connect "127.0.0.1:$1" -servername "$2" -CAfile "$3" -cert "$4" -key "$5" \
		-brief </dev/null 2>&1 | awk -F': ' '
		/^Protocol version/ { v = $2 } /^Ciphersuite/ { c = $2 }
		END { print (v != "" ? v " " c : "handshake failed") }'
}

# ---- Programs --------------------------------------------------------------------------------

mkdir -p "$WORK/bin"
if [[ -z ${TASKGATE:-} || -z ${TASKGATE_LOAD:-} ]]; then
	echo "building from $ROOT ($(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown))" >&2
fi
if [[ -z ${TASKGATE:-} ]]; then
	(cd "$ROOT" && timeout 600 go build -o "$WORK/bin/taskgate" ./cmd/taskgate)
	TASKGATE=$WORK/bin/taskgate
	TG_LABEL="taskgate $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo "(this tree)")"
else
	TG_LABEL="taskgate $TASKGATE"
fi
if [[ -z ${TASKGATE_LOAD:-} ]]; then
	(cd "$ROOT" && timeout 600 go build -o "$WORK/bin/taskgate-load" ./cmd/taskgate-load)
	TASKGATE_LOAD=$WORK/bin/taskgate-load
fi
[[ -x $TASKGATE && -x $TASKGATE_LOAD ]] || die "TASKGATE and TASKGATE_LOAD must be executables"
[[ -z $BASELINE_TASKGATE || -x $BASELINE_TASKGATE ]] || die "BASELINE_TASKGATE is not an executable"

# ---- taskd -----------------------------------------------------------------------------------

TD_PORT=$PORT_BASE
TD=$WORK/taskd
free "$TD_PORT" || die "127.0.0.1:$TD_PORT is in use (set PORT_BASE)"
mkdir -p "$TD"
export TASKDDATA=$TD
{
	taskd init
	# taskd's PKI scripts as shipped (CN=localhost, no subject alternative name), with the key
	# size changed.
	cp -r /usr/share/taskd/pki "$TD/pki"
	sed -i "s/^BITS=.*/BITS=$TASKD_BITS/" "$TD/pki/vars"
	(cd "$TD/pki" && ./generate && ./generate.client load)
	taskd config --force server "127.0.0.1:$TD_PORT"
	for f in ca.cert server.cert server.key server.crl; do
		taskd config --force "$f" "$TD/pki/$f.pem"
	done
	taskd config --force log "$WORK/taskd.log"
	taskd config --force pid.file "$WORK/taskd.pid"
	taskd add org Bench
} >"$WORK/taskd-setup.log" 2>&1 || { cat "$WORK/taskd-setup.log" >&2; die "taskd setup failed"; }

# TD_CREDS[ROUND]: ORG/USER/KEY of the taskd users of one round, comma-separated.
declare -a TD_CREDS
for ((r = 1; r <= ROUNDS; r++)); do
	creds=()
	for ((w = 1; w <= WORKERS; w++)); do
		key=$(taskd add user Bench "r${r}w${w}" | awk '/New user key/ {print $4}')
		[[ -n $key ]] || die "taskd add user gave no key"
		creds+=("Bench/r${r}w${w}/$key")
	done
	TD_CREDS[r]=$(IFS=,; echo "${creds[*]}")
done
TD_TLS=(--addr "127.0.0.1:$TD_PORT" --server-name localhost
	--ca "$TD/pki/ca.cert.pem" --cert "$TD/pki/load.cert.pem" --key "$TD/pki/load.key.pem")

taskd server --data "$TD" >"$WORK/taskd-server.log" 2>&1 &
TD_PID=$!
PIDS+=("$TD_PID")
unset TASKDDATA

# ---- taskgate --------------------------------------------------------------------------------

if [[ -n $DATABASE ]]; then
	# A PostgreSQL deployment names its master key; every command of one instance shares it.
	export TASKGATE_MASTER_KEY
	TASKGATE_MASTER_KEY=$(openssl rand -hex 32)
fi

# start_taskgate NAME BINARY PORT: a taskgate instance in WORK/NAME with one account per worker
# and round, listening for taskd on PORT. Sets <NAME>_PID, <NAME>_TLS (load-tool options) and
# <NAME>_CREDS[round].
start_taskgate() {
	local name=$1 bin=$2 port=$3 dir=$WORK/$1 store=() r w out
	free "$port" || die "127.0.0.1:$port is in use (set PORT_BASE)"
	mkdir -p "$dir"
	if [[ -n $DATABASE ]]; then
		local db="taskgate_bench_$$_${name,,}"
		timeout 30 psql "$PSQL_URL" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null
		DATABASES+=("$db")
		local base=${DATABASE%%\?*} query=
		[[ $DATABASE == *\?* ]] && query="?${DATABASE#*\?}"
		store=(--db "${base%/*}/$db$query")
	fi
	local opts=(--data-dir "$dir/data" "${store[@]}")
	local -n creds=${name}_CREDS
	creds=()
	for ((r = 1; r <= ROUNDS; r++)); do
		local list=()
		for ((w = 1; w <= WORKERS; w++)); do
			out=$dir/r${r}w${w}
			"$bin" account add "r${r}w${w}" --plaintext --taskd "Bench/r${r}w${w}" --out "$out" --json "${opts[@]}" \
				--taskd-public-addr "127.0.0.1:$port" \
				>"$out.json" 2>>"$WORK/$name-setup.log" || die "$name: account add failed: $(tail -n 3 "$WORK/$name-setup.log")"
			list+=("$(jq -r '.taskrc2["taskd.credentials"]' "$out.json")")
		done
		creds[r]=$(IFS=,; echo "${list[*]}")
	done
	local first=$dir/r1w1.json
	local -n tls=${name}_TLS
	tls=(--addr "127.0.0.1:$port"
		--ca "$(jq -r '.taskrc2["taskd.ca"]' "$first")"
		--cert "$LOAD_PKI/load.pem" --key "$LOAD_PKI/load.key")
	# The load comes from one address, far faster than any household syncs: the rate limits are
	# switched off (through the environment, which taskgate releases without them ignore).
	TASKGATE_RATE_ADDRESS=0 TASKGATE_RATE_ACCOUNT=0 \
		"$bin" serve "${opts[@]}" --http-listen 127.0.0.1:0 --taskd-listen "127.0.0.1:$port" --log-level warn \
		--taskd-client-ca "$LOAD_PKI/ca.pem" \
		>"$WORK/$name-server.log" 2>&1 &
	printf -v "${name}_PID" %s $!
	PIDS+=($!)
}

# The load tool presents one client certificate for every worker's login. A certificate taskgate
# issues is bound to its account, so this one comes from a CA of the load's own (ECDSA P-256, like
# taskgate's), trusted with --taskd-client-ca: certificates of another CA keep taskd's behaviour
# and log in to any account, with the same verification work per handshake.
LOAD_PKI=$WORK/load-pki
mkdir -p "$LOAD_PKI"
openssl ecparam -name prime256v1 -genkey -noout -out "$LOAD_PKI/ca.key" 2>/dev/null
openssl req -x509 -new -key "$LOAD_PKI/ca.key" -subj /CN=load-ca -days 2 -out "$LOAD_PKI/ca.pem" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$LOAD_PKI/load.key" 2>/dev/null
openssl req -new -key "$LOAD_PKI/load.key" -subj /CN=load -out "$LOAD_PKI/load.csr" 2>/dev/null
openssl x509 -req -in "$LOAD_PKI/load.csr" -CA "$LOAD_PKI/ca.pem" -CAkey "$LOAD_PKI/ca.key" -CAcreateserial \
	-days 2 -out "$LOAD_PKI/load.pem" 2>/dev/null

TG_PORT=$((PORT_BASE + 1))
start_taskgate TG "$TASKGATE" "$TG_PORT"
SERVERS=(TD TG)
if [[ -n $BASELINE_TASKGATE ]]; then
	BL_PORT=$((PORT_BASE + 2))
	start_taskgate BL "$BASELINE_TASKGATE" "$BL_PORT"
	SERVERS+=(BL)
fi

await "$TD_PID" "$TD_PORT" "$WORK/taskd-server.log"
await "$TG_PID" "$TG_PORT" "$WORK/TG-server.log"
[[ -z $BASELINE_TASKGATE ]] || await "$BL_PID" "$BL_PORT" "$WORK/BL-server.log"

# ---- What is compared ------------------------------------------------------------------------

STORE="SQLite (embedded)"
[[ -z $DATABASE ]] || STORE="PostgreSQL, a fresh database per instance on $DATABASE"
# describe prints the keys of the certificates a server and its client present, and the TLS
# version and cipher suite of a handshake with them.
describe() { # label port servername ca cert key
	local peer=$WORK/peer.pem
	timeout 10 openssl s_client -connect "127.0.0.1:$2" -servername "$3" -cert "$5" -key "$6" </dev/null 2>/dev/null |
		openssl x509 >"$peer" 2>/dev/null || die "$1: no server certificate on 127.0.0.1:$2"
	printf '  %-22s server %s, client %s, CA %s; %s\n' "$1" \
		"$(keyinfo "$peer")" "$(keyinfo "$5")" "$(keyinfo "$4")" "$(tlsinfo "$2" "$3" "$4" "$5" "$6")"
}

echo
echo "taskd protocol, one task uploaded per sync, a full TLS handshake per sync:"
echo "  $WORKERS workers, one account each, $DURATION after a $WARMUP warm-up, $ROUNDS round(s), 127.0.0.1"
describe "taskd 1.1.0" "$TD_PORT" localhost "$TD/pki/ca.cert.pem" "$TD/pki/load.cert.pem" "$TD/pki/load.key.pem"
describe "$TG_LABEL" "$TG_PORT" 127.0.0.1 "${TG_TLS[3]}" "${TG_TLS[5]}" "${TG_TLS[7]}"
[[ -z $BASELINE_TASKGATE ]] ||
	describe "baseline $BASELINE_TASKGATE" "$BL_PORT" 127.0.0.1 "${BL_TLS[3]}" "${BL_TLS[5]}" "${BL_TLS[7]}"
echo "  taskgate store: $STORE; taskgate logs at warn, taskd at its defaults"
echo

# ---- Rounds ----------------------------------------------------------------------------------

# busy prints how busy the machine's cores were over 3 s, in percent (idle and iowait are idle).
busy() {
	local a b
	read -ra a </proc/stat
	sleep 3
	read -ra b </proc/stat
	awk -v a="${a[*]:1:8}" -v b="${b[*]:1:8}" 'BEGIN {
		split(a, x); split(b, y)
		for (i = 1; i <= 8; i++) { d = y[i] - x[i]; t += d; if (i == 4 || i == 5) idle += d }
		printf "%d", (t > 0 ? 100 * (t - idle) / t : 0)
	}'
}

# await_quiet waits, at most 5 minutes, until busy is under QUIET.
await_quiet() {
	[[ -n $QUIET ]] || return 0
	local start=$SECONDS b
	while b=$(busy) && ((b >= QUIET)); do
		if ((SECONDS - start > 300)); then
			echo "  the machine stayed busy ($b %); loading anyway" >&2
			return 0
		fi
	done
}

# load NAME ROUND: one load of server NAME with the accounts of ROUND; the report goes to
# WORK/NAME-rROUND.json. The load tool exits 1 when a sync failed (the report is still written).
load() {
	local name=$1 r=$2 pid_var=${1}_PID extra=()
	local -n tls=${name}_TLS creds=${name}_CREDS
	[[ -z $DATABASE || $name == TD ]] || extra=(--also-pgrep postgres)
	local rc=0
	timeout --foreground -k 5 "$LOAD_TIMEOUT" "$TASKGATE_LOAD" taskd "${tls[@]}" --credentials "${creds[r]}" \
		--workers "$WORKERS" --mode upload --duration "$DURATION" --warmup "$WARMUP" \
		--server-pid "${!pid_var}" "${extra[@]}" --json >"$WORK/$name-r$r.json" 2>"$WORK/$name-r$r.log" || rc=$?
	local units
	units=$(jq -r '.units' "$WORK/$name-r$r.json" 2>/dev/null) || units=
	((rc <= 1)) && [[ $units =~ ^[1-9] ]] ||
		die "load of $name in round $r: exit $rc, ${units:-no} syncs completed $(tail -n 3 "$WORK/$name-r$r.log")"
	if ((rc == 1)); then
		echo "  warning: $name round $r: $(jq -r '.failed_units' "$WORK/$name-r$r.json") failed syncs" >&2
	fi
}

for ((r = 1; r <= ROUNDS; r++)); do
	for s in "${SERVERS[@]}"; do
		await_quiet
		echo "round $r/$ROUNDS: loading $s" >&2
		load "$s" "$r"
	done
done

# ---- Table -----------------------------------------------------------------------------------

# field NAME ROUND JQ: one figure of one report.
field() { jq -r "$3" "$WORK/$1-r$2.json"; }

# median of the arguments (the mean of the middle two for an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

declare -A UPS
header=$(printf '%-8s %10s %10s' round "taskd" "taskgate")
[[ -z $BASELINE_TASKGATE ]] || header+=$(printf ' %10s' baseline)
header+=$(printf ' %15s' "taskgate/taskd")
[[ -z $BASELINE_TASKGATE ]] || header+=$(printf ' %15s %18s' "baseline/taskd" "taskgate/baseline")
echo "syncs/s"
echo "$header"
for ((r = 1; r <= ROUNDS; r++)); do
	for s in "${SERVERS[@]}"; do UPS[$s,$r]=$(field "$s" "$r" '.units_per_s'); done
	line=$(printf '%-8s %10.1f %10.1f' "$r" "${UPS[TD,$r]}" "${UPS[TG,$r]}")
	[[ -z $BASELINE_TASKGATE ]] || line+=$(printf ' %10.1f' "${UPS[BL,$r]}")
	line+=$(printf ' %15s' "$(ratio "${UPS[TG,$r]}" "${UPS[TD,$r]}")")
	[[ -z $BASELINE_TASKGATE ]] ||
		line+=$(printf ' %15s %18s' "$(ratio "${UPS[BL,$r]}" "${UPS[TD,$r]}")" "$(ratio "${UPS[TG,$r]}" "${UPS[BL,$r]}")")
	echo "$line"
done
declare -A MED
for s in "${SERVERS[@]}"; do
	vals=()
	for ((r = 1; r <= ROUNDS; r++)); do vals+=("${UPS[$s,$r]}"); done
	MED[$s]=$(median "${vals[@]}")
done
line=$(printf '%-8s %10.1f %10.1f' median "${MED[TD]}" "${MED[TG]}")
[[ -z $BASELINE_TASKGATE ]] || line+=$(printf ' %10.1f' "${MED[BL]}")
line+=$(printf ' %15s' "$(ratio "${MED[TG]}" "${MED[TD]}")")
[[ -z $BASELINE_TASKGATE ]] ||
	line+=$(printf ' %15s %18s' "$(ratio "${MED[BL]}" "${MED[TD]}")" "$(ratio "${MED[TG]}" "${MED[BL]}")")
echo "$line"

# Medians of the figures that explain the rate: latency, CPU time per sync (the server's, its
# database's, the load tool's), and how busy the machine was; a high steal share marks a run
# disturbed by other guests of the host.
latency() { echo "(.latency[] | select(.op == \"$1\") | .$2) // \"-\""; }
TITLES=("sync p50 ms" "sync p99 ms" "handshake p50 ms" "server µs/sync")
QUERIES=("$(latency sync p50_ms)" "$(latency sync p99_ms)" "$(latency handshake p50_ms)" '.server_cpu_us_per_unit // "-"')
if [[ -n $DATABASE ]]; then
	TITLES+=("PostgreSQL µs/sync")
	QUERIES+=('.db_cpu_us_per_unit // "-"')
fi
TITLES+=("load tool µs/sync" "machine busy %" "steal %")
QUERIES+=('.load_cpu_us_per_unit // "-"' '.machine_busy_pct // "-"' '.machine_steal_pct // "-"')

echo
echo "medians over the rounds"
line=$(printf '%-10s' server)
for t in "${TITLES[@]}"; do line+=$(printf ' %18s' "$t"); done
echo "$line"
for s in "${SERVERS[@]}"; do
	case $s in TD) line=$(printf '%-10s' taskd) ;; TG) line=$(printf '%-10s' taskgate) ;; BL) line=$(printf '%-10s' baseline) ;; esac
	for q in "${QUERIES[@]}"; do
		vals=()
		for ((r = 1; r <= ROUNDS; r++)); do vals+=("$(field "$s" "$r" "$q")"); done
		if [[ " ${vals[*]} " == *" - "* ]]; then
			line+=$(printf ' %18s' -)
		else
			line+=$(printf ' %18.1f' "$(median "${vals[@]}")")
		fi
	done
	echo "$line"
done
