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
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=$(command -v python3)
BIN=$(dirname "$PY")
PORT=${PORT:-$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
USERS=${USERS:-50}
DURATION=${DURATION:-60s}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/peerwork_loadtest}
if [ "${REPLICA:-0}" = "1" ]; then
  export DATABASE_REPLICA_URL=${REPLICA_URL:-$DATABASE_URL}
else
  unset DATABASE_REPLICA_URL
fi
export DEBUG=false
export SECURE_SSL_REDIRECT=false
export ALLOWED_HOSTS=127.0.0.1
export SECRET_KEY=${SECRET_KEY:-load-test-$(date +%s)-not-a-real-key-0123456789abcdefghijk}
export CONN_MAX_AGE=${CONN_MAX_AGE:-60}
# The records it saves are encrypted: one key per load-test database, kept for the next run.
KEY_FILE=.local/load-test-field-key-$(basename "$DATABASE_URL")
mkdir -p .local
[ -s "$KEY_FILE" ] || "$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' > "$KEY_FILE"
export PEERWORK_FIELD_KEYS=${PEERWORK_FIELD_KEYS:-$(cat "$KEY_FILE")}
export PEERWORK_REQUIRE_2FA=false
export PEERWORK_TASKS_BACKEND=database
export PEERWORK_EXPORT_INLINE_MAX_ROWS=0
export PEERWORK_WORKER_STALE_SECONDS=30
export MEDIA_ROOT=${MEDIA_ROOT:-$(mktemp -d)}
export LOG_LEVEL=WARNING
export LOG_FORMAT=text

"$PY" - <<'PYEOF'
import os
from urllib.parse import urlparse

import psycopg2

url = urlparse(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
admin = psycopg2.connect(dbname="postgres", user=url.username, password=url.password,
                         host=url.hostname, port=url.port or 5432)
admin.autocommit = True
with admin.cursor() as cursor:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    if cursor.fetchone() is None:
        cursor.execute(f'CREATE DATABASE "{name}"')
PYEOF

"$PY" manage.py migrate --no-input -v0
"$PY" manage.py seed_demo >/dev/null
"$PY" manage.py collectstatic --no-input -v0

WORKERS=${WORKERS:-$(( $(nproc) + 1 ))}
"$BIN/gunicorn" peerwork.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 90 \
  --access-logfile /dev/null --error-logfile - --log-level warning &
GUNICORN=$!
"$PY" manage.py db_worker --no-reload --no-startup-delay --interval 0.5 --no-schedule -v0 &
WORKER=$!
trap 'kill $GUNICORN $WORKER 2>/dev/null; wait $GUNICORN $WORKER 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  kill -0 "$GUNICORN" 2>/dev/null || { echo "gunicorn did not start" >&2; exit 1; }
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break
  sleep 0.2
done
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
