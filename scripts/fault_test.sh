#!/usr/bin/env bash
# Faults under load (`make fault-test`): PostgreSQL is restarted while the personas use the app;
# every write the app acknowledged must be in the database and the app must serve pages again
# within 10 s, without gunicorn being restarted. Loopback only. About 1 minute to migrate and
# seed a new database (more on a busy machine), then 60 s of load and half a minute of checks.
#
#   scripts/fault_test.sh
#   USERS=10 DURATION=60 RESTART_AFTER=20 RESTART_MODE=immediate scripts/fault_test.sh
#
# It creates its own throwaway PostgreSQL cluster (initdb into a temporary directory, port
# FAULT_PG_PORT, default 5439, trust authentication on 127.0.0.1 only) and removes it at the
# end, also on failure; it never touches any other server. As root, the cluster runs as the
# user PG_USER (default postgres). PG_BIN is the directory of initdb and pg_ctl (default
# /usr/lib/postgresql/15/bin, else wherever initdb is on the PATH).
#
# Variables: USERS (locust users, 10), DURATION (seconds of load, 60), RESTART_AFTER (seconds
# into the load, 20), RESTART_MODE (pg_ctl's shutdown mode: fast, as `pg_ctlcluster restart`
# does, or immediate, a crash), MAX_RECOVERY (10), WRITE_PAUSE (0.5), WORKERS, PORT, PY.
# Ends with `RESULT acknowledged=N found=N lost=N recovery_s=S` (see scripts/fault_test.py).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/_server.sh
PORT=${PORT:-$(server_free_port)}
USERS=${USERS:-10}
DURATION=${DURATION:-60}
RESTART_AFTER=${RESTART_AFTER:-20}
RESTART_MODE=${RESTART_MODE:-fast}
MAX_RECOVERY=${MAX_RECOVERY:-10}
WRITE_PAUSE=${WRITE_PAUSE:-0.5}
FAULT_PG_PORT=${FAULT_PG_PORT:-5439}
PG_USER=${PG_USER:-postgres}
if [ -z "${PG_BIN:-}" ]; then
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    PG_BIN=/usr/lib/postgresql/15/bin
  else
    PG_BIN=$(dirname "$(command -v initdb)")
  fi
fi

# Its own cluster only: refuse a port something already listens on.
if "$PY" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
    "$FAULT_PG_PORT" 2>/dev/null; then
  echo "127.0.0.1:$FAULT_PG_PORT is in use; choose another FAULT_PG_PORT" >&2
  exit 2
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

CLUSTER=$(mktemp -d "${TMPDIR:-/tmp}/peerwork-fault.XXXXXX")
if [ "$(id -u)" = 0 ]; then chown "$PG_USER" "$CLUSTER"; fi
PG_CTL=("$PG_BIN/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/postgresql.log" -w -t 60
  -o "-p $FAULT_PG_PORT -k $CLUSTER -c listen_addresses=127.0.0.1")

remove_cluster() {
  if [ -f "$CLUSTER/data/postmaster.pid" ]; then
    as_pg "${PG_CTL[@]}" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$CLUSTER"
}
trap 'server_stop; remove_cluster' EXIT
trap 'exit 130' INT TERM

as_pg "$PG_BIN/initdb" -D "$CLUSTER/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  --no-sync >/dev/null
as_pg "${PG_CTL[@]}" start >/dev/null
echo "PostgreSQL $(as_pg "$PG_BIN/postgres" --version | awk '{print $3}') of its own on" \
  "127.0.0.1:$FAULT_PG_PORT ($CLUSTER)"

export DATABASE_URL=postgres://postgres@127.0.0.1:$FAULT_PG_PORT/peerwork_fault
unset DATABASE_REPLICA_URL
# A new database each run: a new field key, kept nowhere.
PEERWORK_FIELD_KEYS=$("$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')
export PEERWORK_FIELD_KEYS
server_environment fault-test
export PEERWORK_REQUIRE_2FA=false
export PEERWORK_TASKS_BACKEND=database
export PEERWORK_EXPORT_INLINE_MAX_ROWS=0
export PEERWORK_WORKER_STALE_SECONDS=30
export MEDIA_ROOT=$CLUSTER/media
export SERVER_LOG=$CLUSTER/server.log
export LOG_FORMAT=text

server_create_database
SECONDS=0
server_prepare
echo "database migrated and seeded in $SECONDS s"
# A checkpoint, as a running server makes every few minutes: after a crash (RESTART_MODE=
# immediate) PostgreSQL then replays the run's writes, not the whole seeding.
as_pg "$PG_BIN/psql" -q -h 127.0.0.1 -p "$FAULT_PG_PORT" -U postgres -c CHECKPOINT
server_start_worker
server_start_gunicorn /health/ready
echo "gunicorn ($WORKERS workers) and a task worker on 127.0.0.1:$PORT, CONN_MAX_AGE=$CONN_MAX_AGE;" \
  "$USERS users and two writers for ${DURATION} s; PostgreSQL restarted ($RESTART_MODE)" \
  "${RESTART_AFTER} s in and once more when idle"

RESTART=("${PG_CTL[@]}" -m "$RESTART_MODE" restart)
if [ "$(id -u)" = 0 ]; then RESTART=(runuser -u "$PG_USER" -- "${RESTART[@]}"); fi
OUT=$CLUSTER/fault-test.out
set +e
"$PY" scripts/fault_test.py --host "http://127.0.0.1:$PORT" --users "$USERS" \
  --duration "$DURATION" --restart-after "$RESTART_AFTER" --max-recovery "$MAX_RECOVERY" \
  --write-pause "$WRITE_PAUSE" --workers "$WORKERS" -- "${RESTART[@]}" >"$OUT" 2>&1
STATUS=$?
set -e
grep -v '^RESULT ' "$OUT" || true
# The processes started before the restart must still be running: nothing was restarted.
for pid in "${SERVER_PIDS[@]}"; do
  if kill -0 "$pid" 2>/dev/null; then
    echo "still running since the start: pid $pid ($(ps -o args= -p "$pid" | cut -c1-60))"
  else
    echo "pid $pid (gunicorn or the task worker) has died"
    STATUS=1
  fi
done
echo "server log: $(grep -c '^Traceback' "$SERVER_LOG" || true) tracebacks;" \
  "the task worker waited for the database $(grep -c 'polls again' "$SERVER_LOG" || true) times"
grep '^RESULT ' "$OUT" | tail -n 1
exit $STATUS
