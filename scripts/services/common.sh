# Shared settings of scripts/services/{start,stop}.sh: where the tools are cached, where the servers keep
# their data, and their loopback ports (each can be overridden by the environment).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Root's home is private, and Elasticsearch runs as another user, so root caches the tools in /var/cache.
if [ "$(id -u)" = 0 ]; then default_tools=/var/cache/learning-atomizer; else default_tools="$HOME/.cache/learning-atomizer"; fi
TOOLS="${ATOMIZER_SERVICES_CACHE:-$default_tools}"
STATE="$ROOT/.services"
REDIS_PORT="${ATOMIZER_REDIS_PORT:-6379}"
MONGO_PORT="${ATOMIZER_MONGO_PORT:-27017}"
PG_PORT="${ATOMIZER_PG_PORT:-54329}"
ES_PORT="${ATOMIZER_ES_PORT:-9200}"
S3_PORT="${ATOMIZER_S3_PORT:-7070}"
ES_VERSION=9.3.2
VERSITYGW_VERSION=v1.7.0
S3_ACCESS_KEY=atomizer
S3_SECRET_KEY=atomizer-secret
# Elasticsearch and PostgreSQL refuse to run as root; they run as this unprivileged user when the script
# is run by root.
SERVICE_USER=atomizer-services

# Runs a command as SERVICE_USER when root, else as the current user.
as_service_user() {
  if [ "$(id -u)" = 0 ]; then
    id "$SERVICE_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
    runuser -u "$SERVICE_USER" -- "$@"
  else
    "$@"
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

log() { printf '[services] %s\n' "$*"; }

# True while the process in the pid file is alive.
running() { [ -f "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
