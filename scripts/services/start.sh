#!/usr/bin/env bash
# Installs (the first time) and starts, on loopback, the real servers of the scaled side: Redis, a
# MongoDB-wire server (FerretDB), Elasticsearch and an S3-compatible store (versitygw). Then writes their
# settings to .env.services. Builds and downloads are cached, so later starts take seconds.
set -euo pipefail
source "$(dirname "$0")/common.sh"
mkdir -p "$TOOLS/bin" "$STATE/logs"

as_root_apt() {
  if ! command -v "$1" >/dev/null; then
    log "installing $2 from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}

build_ferretdb() {
  if [ ! -x "$TOOLS/bin/ferretdb" ] || [ "$ROOT/scripts/services/ferretdb/main.go" -nt "$TOOLS/bin/ferretdb" ]; then
    log "building FerretDB (first time: a few minutes)"
    (cd "$ROOT/scripts/services/ferretdb" && go build -o "$TOOLS/bin/ferretdb" .)
  fi
}

build_versitygw() {
  if [ ! -x "$TOOLS/bin/versitygw" ]; then
    log "building versitygw $VERSITYGW_VERSION (first time: a few minutes)"
    GOBIN="$TOOLS/bin" go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
  fi
}

fetch_elasticsearch() {
  if [ ! -x "$TOOLS/elasticsearch-$ES_VERSION/bin/elasticsearch" ]; then
    log "fetching Elasticsearch $ES_VERSION from Maven Central"
    mvn -q dependency:copy -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$TOOLS/downloads"
    unzip -q -o "$TOOLS/downloads/elasticsearch-$ES_VERSION.zip" -d "$TOOLS"
  fi
}

# The three fetches are independent and mostly wait on the network, so they run side by side.
install_tools() {
  as_root_apt redis-server redis-server
  if [ -z "$(pg_bin)" ]; then log "installing postgresql from Debian"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; fi
  as_root_apt unzip unzip
  as_root_apt curl curl
  local pids=()
  build_ferretdb & pids+=($!)
  build_versitygw & pids+=($!)
  fetch_elasticsearch & pids+=($!)
  for pid in "${pids[@]}"; do wait "$pid"; done
}

java_home() {
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2[1-9]* "${JAVA_HOME:-}"; do
    if [ -x "$candidate/bin/java" ]; then echo "$candidate"; return; fi
  done
  echo "Elasticsearch $ES_VERSION needs Java 21 or newer" >&2
  exit 1
}

# A server another checkout started already answers on the port: it is used as it is (and left to that
# checkout to stop), rather than a second one failing to bind.
taken() {
  port_open "$2" || return 1
  log "$1: something already answers on port $2 (another checkout's server?); using it"
}

start_redis() {
  running "$STATE/redis.pid" && return
  taken redis "$REDIS_PORT" && return
  mkdir -p "$STATE/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$STATE/redis" \
    --appendonly yes --save 60 1 --pidfile "$STATE/redis.pid" --logfile "$STATE/logs/redis.log"
}

# FerretDB's storage: a PostgreSQL cluster of its own in .services/postgres.
start_postgres() {
  local data="$STATE/postgres/data"
  if [ -f "$STATE/postgres/data/postmaster.pid" ] && port_open "$PG_PORT"; then return; fi
  # Only FerretDB uses it: a FerretDB already answering brings its own.
  running "$STATE/ferretdb.pid" || ! port_open "$MONGO_PORT" || return 0
  taken postgres "$PG_PORT" && return
  mkdir -p "$STATE/postgres"
  if [ "$(id -u)" = 0 ]; then as_service_user true; chown -R "$SERVICE_USER" "$STATE/postgres"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_service_user "$(pg_bin)/initdb" -D "$data" -A trust -U atomizer >"$STATE/logs/postgres-init.log" 2>&1
  fi
  as_service_user "$(pg_bin)/pg_ctl" -D "$data" -l "$STATE/postgres/postgres.log" -w start \
    -o "-p $PG_PORT -k $STATE/postgres -c listen_addresses=127.0.0.1" >/dev/null
}

start_ferretdb() {
  running "$STATE/ferretdb.pid" && return
  taken ferretdb "$MONGO_PORT" && return
  setsid nohup "$TOOLS/bin/ferretdb" -listen "127.0.0.1:$MONGO_PORT" \
    -postgresql-url "postgres://atomizer@127.0.0.1:$PG_PORT/postgres" \
    >"$STATE/logs/ferretdb.log" 2>&1 < /dev/null &
  echo $! > "$STATE/ferretdb.pid"
}

start_s3() {
  running "$STATE/s3.pid" && return
  taken s3 "$S3_PORT" && return
  mkdir -p "$STATE/s3"
  setsid nohup "$TOOLS/bin/versitygw" --access "$S3_ACCESS_KEY" --secret "$S3_SECRET_KEY" \
    --port "127.0.0.1:$S3_PORT" posix "$STATE/s3" >"$STATE/logs/s3.log" 2>&1 < /dev/null &
  echo $! > "$STATE/s3.pid"
}

start_elasticsearch() {
  running "$STATE/elasticsearch/es.pid" && return
  taken elasticsearch "$ES_PORT" && return
  local home="$TOOLS/elasticsearch-$ES_VERSION" conf="$STATE/elasticsearch/config"
  mkdir -p "$STATE/elasticsearch/data" "$STATE/elasticsearch/logs"
  [ -f "$conf/elasticsearch.yml" ] || cp -r "$home/config" "$conf"
  if [ "$(id -u)" = 0 ]; then as_service_user true; chown -R "$SERVICE_USER" "$STATE/elasticsearch"; fi
  as_service_user env ES_JAVA_HOME="$(java_home)" ES_PATH_CONF="$conf" ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
    "$home/bin/elasticsearch" -d -p "$STATE/elasticsearch/es.pid" \
    -E discovery.type=single-node -E http.host=127.0.0.1 -E "http.port=$ES_PORT" -E transport.host=127.0.0.1 -E "transport.port=$((ES_PORT + 100))" \
    -E xpack.security.enabled=false -E cluster.routing.allocation.disk.threshold_enabled=false \
    -E "path.data=$STATE/elasticsearch/data" -E "path.logs=$STATE/elasticsearch/logs" \
    >"$STATE/logs/elasticsearch.log" 2>&1 || {
      log "elasticsearch failed to start; its log:"; tail -n 40 "$STATE/logs/elasticsearch.log" >&2; exit 1; }
}

wait_until() {
  local name="$1" seconds="$2"; shift 2
  for _ in $(seq "$seconds"); do
    if "$@"; then log "$name is up"; return; fi
    sleep 1
  done
  log "$name did not start within ${seconds}s; its log:"
  tail -n 40 "$STATE/logs/$name.log" >&2 || true
  exit 1
}

es_ready() { curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; }

install_tools
# Elasticsearch takes longest to start, so it goes first and the others start while it boots.
start_elasticsearch
start_redis
start_postgres
start_ferretdb
start_s3
wait_until redis 30 port_open "$REDIS_PORT"
wait_until ferretdb 60 port_open "$MONGO_PORT"
wait_until s3 60 port_open "$S3_PORT"
wait_until elasticsearch 180 es_ready

cat > "$ROOT/.env.services" <<ENV
MONGODB_URI=mongodb://127.0.0.1:$MONGO_PORT/atomizer
REDIS_URL=redis://127.0.0.1:$REDIS_PORT
ELASTICSEARCH_URL=http://127.0.0.1:$ES_PORT
S3_ENDPOINT=http://127.0.0.1:$S3_PORT
S3_BUCKET=atomizer
S3_REGION=us-east-1
S3_ACCESS_KEY_ID=$S3_ACCESS_KEY
S3_SECRET_ACCESS_KEY=$S3_SECRET_KEY
S3_FORCE_PATH_STYLE=true
ENV
log "settings written to .env.services"
