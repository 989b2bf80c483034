#!/bin/sh
# The read replica: on first start, copy the primary (pg_basebackup, which also writes the
# standby settings), then run as a hot standby that streams the primary's changes.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  export PGPASSWORD="$REPLICATION_PASSWORD"
  until pg_basebackup --host="$PRIMARY_HOST" --username=replicator --pgdata="$PGDATA" \
        --wal-method=stream --write-recovery-conf --progress; do
    echo "waiting for the primary..."
    sleep 2
    rm -rf "${PGDATA:?}"/*
  done
fi
exec postgres -c hot_standby=on
