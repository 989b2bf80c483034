#!/usr/bin/env bash
# Load smoke: 30 simulated users for 60 s against gunicorn on PostgreSQL, on loopback.
# Prints the request rate and the 95th percentile; exits non-zero on any failed request.
#
#   scripts/load_smoke.sh                     # uses postgres://postgres@127.0.0.1:5432/peerwork_loadsmoke
#   DATABASE_URL=postgres://... USERS=30 DURATION=60s scripts/load_smoke.sh
#   LOAD_SMOKE_PATHS=/supervision/sessions/new/ scripts/load_smoke.sh   # extra pages
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/_server.sh
PORT=${PORT:-$(server_free_port)}
USERS=${USERS:-30}
DURATION=${DURATION:-60s}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/peerwork_loadsmoke}
server_environment load-smoke

server_create_database
server_prepare
trap server_stop EXIT
server_start_gunicorn /accounts/login/
echo "gunicorn ($WORKERS workers) on 127.0.0.1:$PORT; $USERS users for $DURATION"

"$BIN/locust" -f loadtest/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  --users "$USERS" --spawn-rate 10 --run-time "$DURATION" --only-summary --stop-timeout 5
