#!/usr/bin/env bash
# postgres-local.sh: a throwaway PostgreSQL server for tests and development, made from the machine's server
# binaries (Debian's postgresql package, installed with apt-get when missing and running as root).
#
#   postgres-local.sh start  [DATA_DIR]  initdb DATA_DIR if new, start on 127.0.0.1, wait until ready
#   postgres-local.sh stop   [DATA_DIR]  stop the server of DATA_DIR (fast shutdown); no-op if not running
#   postgres-local.sh status [DATA_DIR]  exit 0 if the server of DATA_DIR runs and answers, 1 if not
#   postgres-local.sh install            only make sure the server binaries are there
#
# Environment (all optional):
#   PG_PORT       port on 127.0.0.1, default 54329; "auto" picks a free one (start prints which)
#   PG_DATA_DIR   default ${TMPDIR:-/tmp}/scimflow-postgres (a DATA_DIR argument wins)
#   PG_FSYNC      default off: tests trade durability for speed; set on for benchmarks that measure commits
#   PG_BINDIR     directory holding postgres, initdb, pg_ctl (default: newest /usr/lib/postgresql/*/bin)
#
# start, and status when running, print DATABASE_URL=postgres://postgres@127.0.0.1:<port>/postgres on stdout
# (superuser, trust authentication, loopback only). Everything else goes to stderr.
# DATA_DIR gets: pgdata/ (the cluster), postgres.log, initdb.log, and the server's unix socket.
# As root the server runs as the 'postgres' system user (PostgreSQL refuses to run as root), so DATA_DIR must
# be reachable by that user: keep it under /tmp rather than under /root.
set -euo pipefail

CMD="${1:-}"
DATA="${2:-${PG_DATA_DIR:-${TMPDIR:-/tmp}/scimflow-postgres}}"
FSYNC="${PG_FSYNC:-off}"
HOST=127.0.0.1
log() { echo "postgres-local: $*" >&2; }
die() { log "error: $*"; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# ---------------------------------------------------------------- binaries
find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then
    [ -x "$PG_BINDIR/postgres" ] && { echo "$PG_BINDIR"; return 0; }
    return 1
  fi
  local d
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
    [ -x "$d/postgres" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  if command -v pg_ctl >/dev/null 2>&1; then
    d="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
    [ -x "$d/postgres" ] && { echo "$d"; return 0; }
  fi
  return 1
}

ensure_installed() {
  BIN="$(find_bindir)" && return 0
  is_root || die "no PostgreSQL server binaries found; install Debian's postgresql package (apt-get install postgresql) or set PG_BINDIR"
  command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL server binaries and no apt-get to install them"
  # Parallel starts (postgres and another data dir) must not run apt-get twice at once.
  (
    command -v flock >/dev/null 2>&1 && flock 9
    find_bindir >/dev/null && exit 0
    log "installing Debian's postgresql package (once per machine)..."
    # No 'main' cluster: the package would otherwise create one and start it on port 5432.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/postgres-local.conf
    export DEBIAN_FRONTEND=noninteractive
    # A third-party source that cannot be reached fails the update but not the install from Debian's lists.
    apt-get update -qq >&2 || log "warning: apt-get update failed; installing from the package lists at hand"
    apt-get install -y -qq --no-install-recommends postgresql >&2 </dev/null || die "apt-get install postgresql failed"
  ) 9>"${TMPDIR:-/tmp}/postgres-local-install.lock" || exit 1
  BIN="$(find_bindir)" || die "postgresql was installed but no server binaries were found"
  log "server binaries in $BIN"
}

# ---------------------------------------------------------------- running as the data's owner
# The server refuses to run as root, so as root everything that touches the cluster runs as 'postgres'.
as_owner() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

prepare_owner() {
  is_root || return 0
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown -R postgres: "$DATA"
  runuser -u postgres -- test -w "$DATA" \
    || die "user postgres cannot reach $DATA (a parent directory is private); use a data directory under /tmp"
}

# ---------------------------------------------------------------- state of one data directory
set_paths() {
  PGDATA_DIR="$DATA/pgdata"
  PIDFILE="$PGDATA_DIR/postmaster.pid"
}
abs_data() { if [ -d "$DATA" ]; then DATA="$(cd "$DATA" && pwd)"; fi; set_paths; }
set_paths

# postmaster.pid: line 1 pid, line 4 port (documented layout, stable since 9.1).
server_pid() { [ -f "$PIDFILE" ] && sed -n 1p "$PIDFILE" 2>/dev/null; }
server_port() { [ -f "$PIDFILE" ] && sed -n 4p "$PIDFILE" 2>/dev/null; }
alive() {
  local pid
  pid="$(server_pid)" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}
ready() { "$BIN/pg_isready" -q -h "$HOST" -p "$1" >/dev/null 2>&1; }
url() { echo "DATABASE_URL=postgres://postgres@$HOST:$1/postgres"; }
port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

pick_port() {
  local want="${PG_PORT:-54329}" p i
  if [ "$want" != auto ] && [ "$want" != 0 ]; then
    [[ "$want" =~ ^[0-9]+$ ]] || die "PG_PORT must be a number or 'auto', got '$want'"
    port_in_use "$want" && die "$HOST:$want is already in use by another process (PG_PORT=auto picks a free port)"
    echo "$want"
    return 0
  fi
  for ((i = 0; i < 50; i++)); do
    p=$((20000 + RANDOM % 30000))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  die "no free port found"
}

# ---------------------------------------------------------------- commands
start() {
  ensure_installed
  mkdir -p "$DATA"
  abs_data
  if alive; then
    local port
    port="$(server_port)"
    if ready "$port"; then
      log "already running on $HOST:$port (data in $DATA)"
      url "$port"
      return 0
    fi
    die "a server (pid $(server_pid)) runs on $DATA but does not answer on $HOST:$port; run: $0 stop $DATA"
  fi
  prepare_owner
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    rm -rf "$PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    prepare_owner
    if ! as_owner "$BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$DATA/initdb.log" 2>&1; then
      # Some images have no C.UTF-8 locale: fall back to plain C with UTF8 encoding.
      rm -rf "$PGDATA_DIR" && mkdir -p "$PGDATA_DIR" && prepare_owner
      as_owner "$BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust --encoding=UTF8 --no-locale \
        >>"$DATA/initdb.log" 2>&1 || { tail -n 20 "$DATA/initdb.log" >&2; die "initdb failed (log: $DATA/initdb.log)"; }
    fi
  fi
  local port
  port="$(pick_port)"
  # fsync/synchronous_commit/full_page_writes off: a crash may lose the last commits, which a test server
  # does not care about and which makes commits several times cheaper.
  as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$DATA/postgres.log" -w -t 60 start \
    -o "-h $HOST -p $port -k $DATA -c fsync=$FSYNC -c synchronous_commit=$FSYNC -c full_page_writes=$FSYNC -c max_connections=300 -c shared_buffers=128MB" \
    >/dev/null 2>&1 || { tail -n 30 "$DATA/postgres.log" >&2; die "the server did not start (log: $DATA/postgres.log)"; }
  ready "$port" || die "the server started but does not answer on $HOST:$port (log: $DATA/postgres.log)"
  log "ready on $HOST:$port (data in $DATA)"
  url "$port"
}

stop() {
  abs_data
  if ! alive; then
    log "not running ($DATA)"
    return 0
  fi
  BIN="$(find_bindir)" || die "a server runs on $DATA but no pg_ctl was found to stop it"
  local pid
  pid="$(server_pid)"
  if ! as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null 2>&1; then
    log "pg_ctl stop failed; sending SIGQUIT to pid $pid"
    kill -QUIT "$pid" 2>/dev/null || true
  fi
  log "stopped ($DATA)"
}

status() {
  abs_data
  BIN="$(find_bindir)" || { log "no server binaries"; return 1; }
  if alive; then
    local port
    port="$(server_port)"
    if ready "$port"; then
      log "running on $HOST:$port (data in $DATA)"
      url "$port"
      return 0
    fi
    log "pid $(server_pid) runs on $DATA but does not answer on $HOST:$port"
    return 1
  fi
  log "not running ($DATA)"
  return 1
}

case "$CMD" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  install) ensure_installed; log "server binaries in $BIN" ;;
  *) echo "usage: $0 start|stop|status [DATA_DIR] | install" >&2; exit 2 ;;
esac
