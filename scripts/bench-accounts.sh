#!/usr/bin/env bash
# Creates ACCOUNTS accounts on a fresh PostgreSQL database through taskgate's admin API (the first
# TASKD_ACCOUNTS plaintext with a taskd login, the others encrypted), then loads both protocols at
# once, spread over
# them: taskgate-load champion over the encrypted accounts' client ids and taskgate-load taskd
# over the plaintext accounts' taskd logins. Prints how long the creation took, both loads'
# reports, one page of the account list, and the database's size per account.
#
# Environment: DATABASE (a PostgreSQL server URL whose user may create databases, default
# postgres://postgres@127.0.0.1:5432/postgres), ACCOUNTS (10000), TASKD_ACCOUNTS (500: a plaintext
# account costs the server a key derivation, PBKDF2 with 600,000 iterations, about half a second
# of CPU, when it is created), WORKERS (4 per protocol),
# DURATION (20s), PARALLEL (8 concurrent API calls while creating), OUT (a directory to keep the
# reports in; a temporary one by default).
#
# The taskd load uses one client certificate for every login. Certificates taskgate issues are
# bound to their account, so this one comes from a CA of its own, passed to serve with
# --taskd-client-ca: certificates of another CA keep taskd's behaviour and log in to any account.
set -euo pipefail

DATABASE=${DATABASE:-postgres://postgres@127.0.0.1:5432/postgres}
ACCOUNTS=${ACCOUNTS:-10000}
TASKD_ACCOUNTS=${TASKD_ACCOUNTS:-500}
WORKERS=${WORKERS:-4}
DURATION=${DURATION:-20s}
PARALLEL=${PARALLEL:-8}
OUT=${OUT:-$(mktemp -d)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
DBNAME=taskgate_accounts_$$
DBURL=$(sed -E "s#/[^/?]*(\?|$)#/${DBNAME}\1#" <<<"$DATABASE")
mkdir -p "$OUT"

cleanup() {
	[[ -n ${SRV:-} ]] && kill "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null || true
	psql -q "$DATABASE" -c "DROP DATABASE IF EXISTS $DBNAME" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

echo "building taskgate and taskgate-load"
(cd "$ROOT" && go build -o "$WORK/taskgate" ./cmd/taskgate && go build -o "$WORK/taskgate-load" ./cmd/taskgate-load)

# The load's own client CA and certificate (ECDSA P-256).
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/load-ca.key" 2>/dev/null
openssl req -x509 -new -key "$WORK/load-ca.key" -subj /CN=load-ca -days 2 -out "$WORK/load-ca.pem" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/load.key" 2>/dev/null
openssl req -new -key "$WORK/load.key" -subj /CN=load -out "$WORK/load.csr" 2>/dev/null
openssl x509 -req -in "$WORK/load.csr" -CA "$WORK/load-ca.pem" -CAkey "$WORK/load-ca.key" -CAcreateserial \
	-days 2 -out "$WORK/load.pem" 2>/dev/null

psql -q "$DATABASE" -c "CREATE DATABASE $DBNAME" >/dev/null
TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
# The load comes from one address, far faster than any household syncs: no rate limits.
export TASKGATE_RATE_ADDRESS=0 TASKGATE_RATE_ACCOUNT=0
export TASKGATE_ADMIN_TOKEN=$TOKEN TASKGATE_MASTER_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
"$WORK/taskgate" serve --db "$DBURL" --data-dir "$WORK/data" --log-level warn --no-create-clients \
	--http-listen 127.0.0.1:18080 --taskd-listen 127.0.0.1:18053 --admin-listen 127.0.0.1:18081 \
	--taskd-client-ca "$WORK/load-ca.pem" 2>"$OUT/taskgate.log" &
SRV=$!
until curl -sf http://127.0.0.1:18080/ >/dev/null; do sleep 0.2; done
dbsize() { psql -qAt "$DBURL" -c "SELECT pg_database_size(current_database())"; }
EMPTY=$(dbsize)

echo "creating $ACCOUNTS accounts through the admin API, $PARALLEL at a time"
mkdir -p "$WORK/created"
# One curl process makes every request, PARALLEL at a time (curl --parallel), from a config file.
for ((i = 1; i <= ACCOUNTS; i++)); do
	if ((i <= TASKD_ACCOUNTS)); then
		body="{\"name\":\"acct-$i\",\"mode\":\"plaintext\",\"taskd\":{\"org\":\"Load\",\"user\":\"u$i\"}}"
	else
		body="{\"name\":\"acct-$i\",\"mode\":\"encrypted\"}"
	fi
	((i > 1)) && echo next
	printf 'url = "http://127.0.0.1:18081/api/v1/accounts"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\ndata = "%s"\noutput = "%s"\n' \
		"$TOKEN" "${body//\"/\\\"}" "$WORK/created/$i.json"
done >"$WORK/create.curl"
START=$(date +%s.%N)
curl -sS --no-progress-meter --fail --parallel --parallel-max "$PARALLEL" --config "$WORK/create.curl"
END=$(date +%s.%N)
echo "created $ACCOUNTS accounts in $(echo "$END - $START" | bc) s" | tee "$OUT/create.txt"

find "$WORK/created" -name '*.json' -print0 | xargs -0 cat | jq -r 'select(.mode=="encrypted") | .client_ids[0]' >"$WORK/clients.txt"
find "$WORK/created" -name '*.json' -print0 | xargs -0 cat | jq -r 'select(.mode=="plaintext") | .taskrc2["taskd.credentials"]' >"$WORK/credentials.txt"
echo "$(wc -l <"$WORK/clients.txt") encrypted accounts, $(wc -l <"$WORK/credentials.txt") taskd logins"
CREATED=$(dbsize)

echo "loading both protocols for $DURATION"
"$WORK/taskgate-load" champion --url http://127.0.0.1:18080 --clients-file "$WORK/clients.txt" --workers "$WORKERS" \
	--size 2048 --warmup 2s --duration "$DURATION" --server-pid "$SRV" --also-pgrep postgres >"$OUT/champion.txt" &
CH=$!
"$WORK/taskgate-load" taskd --addr 127.0.0.1:18053 --ca "$WORK/data/pki/ca.cert.pem" --cert "$WORK/load.pem" \
	--key "$WORK/load.key" --credentials-file "$WORK/credentials.txt" --workers "$WORKERS" --mode upload \
	--server-name localhost --warmup 2s --duration "$DURATION" --server-pid "$SRV" >"$OUT/taskd.txt" &
TD=$!
wait "$CH" "$TD" || true
cat "$OUT/champion.txt" "$OUT/taskd.txt"

echo "one page of the account list:"
/usr/bin/time -f "%e s" curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" \
	"http://127.0.0.1:18081/api/v1/accounts?after=acct-5000&limit=100"
LOADED=$(dbsize)
{
	echo "database bytes: empty $EMPTY, with the accounts $CREATED, after the load $LOADED"
	echo "bytes per account: $(((CREATED - EMPTY) / ACCOUNTS)) as created, $(((LOADED - EMPTY) / ACCOUNTS)) after the load"
} | tee "$OUT/size.txt"
psql -qAt "$DBURL" -c "SELECT relname || ': ' || pg_total_relation_size(oid) FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1" | tee -a "$OUT/size.txt"
echo "reports in $OUT"
