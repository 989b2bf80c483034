#!/usr/bin/env bash
# Load test: the personas' mixed traffic (loadtest/mixed.py) against gunicorn on PostgreSQL,
# with the task worker running and research exports as jobs. Loopback only.
#
#   scripts/load_test.sh                     # 50 users for 60 s, postgres://…/peerwork_loadtest
#   REPLICA=1 scripts/load_test.sh           # research reads through the replica router
#   USERS=50 DURATION=120s DATABASE_URL=postgres://... scripts/load_test.sh
#
# REPLICA=1 points DATABASE_REPLICA_URL at the same database (unless REPLICA_URL is given):
# it measures the router and a second connection pool, not a second machine.
# Researchers sign in without two-factor here (PEERWORK_REQUIRE_2FA=false): the load test
# measures pages, not authenticator codes. Ends with the RESULT line.
# Each run on the default database starts from the demo alone (FRESH=1, the default only when
# DATABASE_URL is not given): the records earlier runs saved would otherwise make every run
# slower than the last. A database you name is never dropped unless you say FRESH=1.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/_server.sh
PORT=${PORT:-$(server_free_port)}
USERS=${USERS:-50}
DURATION=${DURATION:-60s}
if [ -z "${DATABASE_URL:-}" ]; then
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/peerwork_loadtest
  FRESH=${FRESH:-1}
fi
export SERVER_FRESH_DATABASE=${FRESH:-0}
if [ "${REPLICA:-0}" = "1" ]; then
  export DATABASE_REPLICA_URL=${REPLICA_URL:-$DATABASE_URL}
else
  unset DATABASE_REPLICA_URL
fi
server_environment load-test
export PEERWORK_REQUIRE_2FA=false
export PEERWORK_TASKS_BACKEND=database
export PEERWORK_EXPORT_INLINE_MAX_ROWS=0
export PEERWORK_WORKER_STALE_SECONDS=30
export MEDIA_ROOT=${MEDIA_ROOT:-$(mktemp -d)}
export LOG_FORMAT=text

server_create_database
server_prepare
trap server_stop EXIT
server_start_worker
server_start_gunicorn /health/ready
echo "gunicorn ($WORKERS workers) and a task worker on 127.0.0.1:$PORT; $USERS users for $DURATION;" \
  "replica router: $([ -n "${DATABASE_REPLICA_URL:-}" ] && echo on || echo off)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"

# Locust prints its own tables after the test: the RESULT line is moved to the very end.
OUT=$(mktemp)
set +e
LOAD_TEST_USERS=$USERS "$BIN/locust" -f loadtest/mixed.py --headless --host "http://127.0.0.1:$PORT" \
  --users "$USERS" --spawn-rate 10 --run-time "$DURATION" --only-summary --stop-timeout 10 \
  --loglevel WARNING >"$OUT" 2>&1
STATUS=$?
set -e
grep -v '^RESULT ' "$OUT" || true
grep '^RESULT ' "$OUT" | tail -n 1
rm -f "$OUT"
exit $STATUS
