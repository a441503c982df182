#!/usr/bin/env bash
# Stops the servers scripts/services/start.sh started; their data stays in .services/ for the next start.
set -uo pipefail
source "$(dirname "$0")/common.sh"

stop() {
  local name="$1" pidfile="$2"
  running "$pidfile" || { rm -f "$pidfile"; return; }
  kill "$(cat "$pidfile")"
  for _ in $(seq 30); do running "$pidfile" || break; sleep 1; done
  running "$pidfile" && kill -9 "$(cat "$pidfile")"
  rm -f "$pidfile"
  log "$name stopped"
}

stop elasticsearch "$STATE/elasticsearch/es.pid"
stop ferretdb "$STATE/ferretdb.pid"
stop s3 "$STATE/s3.pid"
stop redis "$STATE/redis.pid"
if [ -f "$STATE/postgres/data/postmaster.pid" ]; then
  as_service_user "$(pg_bin)/pg_ctl" -D "$STATE/postgres/data" -m fast -w stop >/dev/null && log "postgres stopped"
fi
