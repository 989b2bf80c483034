# Sourced (not run) by the scripts that put peerwork behind gunicorn on loopback and send it
# load: load_smoke.sh, load_test.sh and fault_test.sh. They `cd` to the repository root first.
#
#   server_environment NAME     DEBUG off as in production, plain HTTP on 127.0.0.1, a field key
#   server_create_database      creates DATABASE_URL's database if it is missing (drops and
#                               creates it anew first when SERVER_FRESH_DATABASE=1)
#   server_prepare              migrate, seed the demo, collect static files
#   server_start_worker         a task worker (PEERWORK_TASKS_BACKEND=database)
#   server_start_gunicorn PATH  gunicorn on $PORT, waits until PATH answers 2xx
#   server_stop                 stops what the two above started (the scripts trap EXIT)
#
# PY, PORT and WORKERS may be given; BIN is the directory of PY's tools (gunicorn, locust).
# SERVER_LOG, if set, is the file gunicorn's and the worker's logs go to (else the terminal).

PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=$(command -v python3)
BIN=$(dirname "$PY")
SERVER_PIDS=()

# A free loopback port.
server_free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

server_environment() {
  local name=$1
  export DEBUG=false
  export SECURE_SSL_REDIRECT=false
  export ALLOWED_HOSTS=127.0.0.1
  export SECRET_KEY=${SECRET_KEY:-$name-$(date +%s)-not-a-real-key-0123456789abcdefghijk}
  export CONN_MAX_AGE=${CONN_MAX_AGE:-60}
  export LOG_LEVEL=WARNING
  # The records it saves are encrypted (a key is required with DEBUG off): one key per
  # database, kept for the next run against the same database.
  local key_file
  key_file=.local/load-test-field-key-$(basename "$DATABASE_URL")
  mkdir -p .local
  [ -s "$key_file" ] || "$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' > "$key_file"
  export PEERWORK_FIELD_KEYS=${PEERWORK_FIELD_KEYS:-$(cat "$key_file")}
}

server_create_database() {
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
    if os.environ.get("SERVER_FRESH_DATABASE") == "1":
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    if cursor.fetchone() is None:
        cursor.execute(f'CREATE DATABASE "{name}"')
PYEOF
}

server_prepare() {
  "$PY" manage.py migrate --no-input -v0
  "$PY" manage.py seed_demo >/dev/null
  # Collecting and compressing every static file takes minutes on a busy machine: not again
  # while the manifest is newer than the project's static files and the installed packages.
  local manifest=staticfiles/staticfiles.json
  if [ ! -f "$manifest" ] || [ "$BIN/../.installed" -nt "$manifest" ] ||
    [ -n "$(find . \( -path ./.venv -o -path ./staticfiles \) -prune -o -path '*/static/*' \
      -newer "$manifest" -print -quit)" ]; then
    "$PY" manage.py collectstatic --no-input -v0
  fi
}

server_start_worker() {
  "$PY" manage.py db_worker --no-reload --no-startup-delay --interval 0.5 --no-schedule -v0 \
    >>"${SERVER_LOG:-/dev/stderr}" 2>&1 &
  SERVER_PIDS+=($!)
}

server_start_gunicorn() {
  local ready_path=$1
  WORKERS=${WORKERS:-$(( $(nproc) + 1 ))}
  "$BIN/gunicorn" peerwork.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 90 \
    --access-logfile /dev/null --error-logfile - --log-level warning >>"${SERVER_LOG:-/dev/stderr}" 2>&1 &
  local gunicorn=$!
  SERVER_PIDS+=("$gunicorn")
  for _ in $(seq 100); do
    kill -0 "$gunicorn" 2>/dev/null || { echo "gunicorn did not start" >&2; return 1; }
    curl -fs -o /dev/null "http://127.0.0.1:$PORT$ready_path" && return 0
    sleep 0.2
  done
  echo "gunicorn did not answer $ready_path within 20 s" >&2
  return 1
}

server_stop() {
  [ ${#SERVER_PIDS[@]} -gt 0 ] || return 0
  kill "${SERVER_PIDS[@]}" 2>/dev/null || true
  wait "${SERVER_PIDS[@]}" 2>/dev/null || true
  SERVER_PIDS=()
}
