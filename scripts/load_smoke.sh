#!/usr/bin/env bash
# Load smoke: 30 simulated users for 60 s against gunicorn on PostgreSQL, on loopback.
# Prints the request rate and the 95th percentile; exits non-zero on any failed request.
#
#   scripts/load_smoke.sh                     # uses postgres://postgres@127.0.0.1:5432/peerwork_loadsmoke
#   DATABASE_URL=postgres://... USERS=30 DURATION=60s scripts/load_smoke.sh
#   LOAD_SMOKE_PATHS=/supervision/sessions/new/ scripts/load_smoke.sh   # extra pages
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=$(command -v python3)
BIN=$(dirname "$PY")
# A free loopback port unless one is given.
PORT=${PORT:-$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
USERS=${USERS:-30}
DURATION=${DURATION:-60s}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/peerwork_loadsmoke}
export DEBUG=false
export SECURE_SSL_REDIRECT=false
export ALLOWED_HOSTS=127.0.0.1
export SECRET_KEY=${SECRET_KEY:-load-smoke-$(date +%s)-not-a-real-key-0123456789abcdefghij}
export CONN_MAX_AGE=${CONN_MAX_AGE:-60}
# Encrypted fields need a key with DEBUG off; a throwaway one suits the throwaway database.
export PEERWORK_FIELD_KEYS=${PEERWORK_FIELD_KEYS:-$("$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')}
export LOG_LEVEL=WARNING

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
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  kill -0 "$GUNICORN" 2>/dev/null || { echo "gunicorn did not start" >&2; exit 1; }
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break
  sleep 0.2
done
echo "gunicorn ($WORKERS workers) on 127.0.0.1:$PORT; $USERS users for $DURATION"

"$BIN/locust" -f loadtest/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  --users "$USERS" --spawn-rate 10 --run-time "$DURATION" --only-summary --stop-timeout 5
