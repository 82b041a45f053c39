#!/usr/bin/env bash
# test-all.sh: the whole check, as `npm test` (and so CI's .ci/run) runs it, on a fresh clone as well as here.
#
#   1. dependencies: `npm ci` when node_modules is missing
#   2. services for the integration specs: DATABASE_URL and KAFKA_BROKERS as given; else, when a Docker engine
#      answers, nothing here (libs/testing's Jest global setup starts testcontainers); else Postgres and Kafka
#      from tools/postgres-local and tools/kafka-local, on free ports and temp dirs, started in the background
#      while the static checks run, and stopped on exit
#   3. format (prettier --check: advisory unless STRICT_FORMAT=1), lint (eslint), typecheck (tsc)
#   4. unit specs, then integration specs (Jest projects `unit` and `integration`)
#   5. browser tests: `npm run test:e2e`, when package.json defines that script
#
# Every step runs even when an earlier one failed (FAIL_FAST=1 stops at the first failure), so one CI run
# shows every problem; the exit status is non-zero if any step failed. The last line is
# `N passed, N failed` summed over both Jest projects (a suite that could not run counts as one failure).
#
# Environment (all optional): DATABASE_URL, KAFKA_BROKERS (use these servers), PG_PORT, KAFKA_PORT,
# KAFKA_CONTROLLER_PORT (ports for the servers started here; default: free ones), INTEGRATION_WORKERS
# (default 1: in band), STRICT_FORMAT=1, FAIL_FAST=1, SKIP_INSTALL=1, LOG_LEVEL (default warn), JEST_ARGS
# (extra arguments for both Jest runs, e.g. a path filter), UNIT_TIMEOUT / INTEGRATION_TIMEOUT (seconds, default
# 600 / 900: a hanging spec fails its step instead of holding CI).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"
# Services booted by specs log at warn unless asked otherwise: CI output stays readable.
export LOG_LEVEL="${LOG_LEVEL:-warn}"
export NX_DAEMON=false
# No colour codes in a log file or CI's output.
if [ ! -t 1 ]; then export FORCE_COLOR=0; fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/scimflow-test-all.XXXXXX")"
PG_DIR=""
KAFKA_DIR=""
PG_JOB=""
KAFKA_JOB=""
declare -a RESULTS=()
FAILED=0

say() { printf '%s\n' "$*"; }
banner() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------- cleanup: stop only what this run started
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # a start still in progress must finish (or fail) before it can be stopped
  if [ -n "$PG_JOB" ]; then wait "$PG_JOB" 2>/dev/null || true; fi
  if [ -n "$KAFKA_JOB" ]; then wait "$KAFKA_JOB" 2>/dev/null || true; fi
  if [ -n "$KAFKA_DIR" ]; then
    bash tools/kafka-local/kafka-local.sh stop "$KAFKA_DIR" 2>/dev/null || true
    rm -rf "$KAFKA_DIR"
  fi
  if [ -n "$PG_DIR" ]; then
    bash tools/postgres-local/postgres-local.sh stop "$PG_DIR" 2>/dev/null || true
    rm -rf "$PG_DIR"
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- steps
record() { RESULTS+=("$(printf '%-12s %-7s %5ss' "$1" "$2" "$3")"); }

# step NAME COMMAND...: runs it, records ok/FAILED and the time taken.
step() {
  local name="$1" t0=$SECONDS
  shift
  banner "$name"
  if "$@"; then
    record "$name" ok $((SECONDS - t0))
  else
    record "$name" FAILED $((SECONDS - t0))
    FAILED=1
    if [ "${FAIL_FAST:-0}" = 1 ]; then summary; exit 1; fi
  fi
}

# ---------------------------------------------------------------- 1. dependencies
install_deps() {
  if [ "${SKIP_INSTALL:-0}" = 1 ]; then say "SKIP_INSTALL=1"; return 0; fi
  if [ -d node_modules ] && [ -x node_modules/.bin/jest ]; then say "node_modules present"; return 0; fi
  npm ci --no-audit --no-fund
}

# ---------------------------------------------------------------- 2. services
docker_answers() {
  command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1
}

free_ports() {
  node -e '
    const net = require("node:net");
    (async () => {
      const servers = [];
      for (let i = 0; i < Number(process.argv[1]); i++) {
        const server = net.createServer();
        await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
        servers.push(server);
      }
      console.log(servers.map((server) => server.address().port).join(" "));
      servers.forEach((server) => server.close());
    })();' "$1"
}

# Starts what is missing in the background; wait_services collects the addresses before the integration specs.
start_services() {
  if [ -n "${DATABASE_URL:-}" ] && [ -n "${KAFKA_BROKERS:-}" ]; then
    say "using DATABASE_URL and KAFKA_BROKERS from the environment"
    return 0
  fi
  if docker_answers; then
    say "a Docker engine answers: the integration global setup will start testcontainers"
    return 0
  fi
  local ports
  if [ -z "${DATABASE_URL:-}" ]; then
    # The server runs as 'postgres' when we are root: its data dir must not sit inside a private one.
    PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/scimflow-test-pg.XXXXXX")"
    say "starting Postgres (tools/postgres-local) in the background, data in $PG_DIR"
    PG_PORT="${PG_PORT:-auto}" bash tools/postgres-local/postgres-local.sh start "$PG_DIR" \
      >"$WORK/postgres.out" 2>"$WORK/postgres.err" &
    PG_JOB=$!
  fi
  if [ -z "${KAFKA_BROKERS:-}" ]; then
    KAFKA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/scimflow-test-kafka.XXXXXX")"
    ports="$(free_ports 2)"
    local port="${KAFKA_PORT:-${ports% *}}" cport="${KAFKA_CONTROLLER_PORT:-${ports#* }}"
    say "starting Kafka (tools/kafka-local) in the background on 127.0.0.1:$port, data in $KAFKA_DIR"
    KAFKA_PORT="$port" KAFKA_CONTROLLER_PORT="$cport" bash tools/kafka-local/kafka-local.sh start "$KAFKA_DIR" \
      >"$WORK/kafka.out" 2>"$WORK/kafka.err" &
    KAFKA_JOB=$!
  fi
}

# collect NAME JOB KEY: waits for a background start and exports KEY=value from its stdout.
collect() {
  local name="$1" job="$2" key="$3" out="$WORK/$1.out" err="$WORK/$1.err" line
  if ! wait "$job"; then
    say "$name did not start:"
    tail -n 40 "$err"
    return 1
  fi
  line="$(grep -o -m1 "$key=[^[:space:]]*" "$out" || true)"
  [ -n "$line" ] || { say "$name printed no $key="; cat "$err"; return 1; }
  export "${line?}"
  say "$name: $line"
}

wait_services() {
  local ok=0
  if [ -n "$PG_JOB" ]; then collect postgres "$PG_JOB" DATABASE_URL || ok=1; PG_JOB=""; fi
  if [ -n "$KAFKA_JOB" ]; then collect kafka "$KAFKA_JOB" KAFKA_BROKERS || ok=1; KAFKA_JOB=""; fi
  return "$ok"
}

# ---------------------------------------------------------------- 3. static checks
format_check() {
  local out="$WORK/prettier.out"
  if prettier --check . --log-level warn >"$out" 2>&1; then
    say "every file is formatted"
    return 0
  fi
  say "$(grep -c '^\[warn\] ' "$out" || true) file(s) not formatted (npm run format fixes them):"
  grep '^\[warn\] ' "$out" | grep -v 'Code style issues' | head -n 15 || true
  grep -v '^\[warn\] ' "$out" | head -n 15 || true
  if [ "${STRICT_FORMAT:-0}" = 1 ]; then return 1; fi
  say "(advisory: STRICT_FORMAT=1 makes this fail)"
}

# @nx/enforce-module-boundaries reads Nx's cached project graph and, on a fresh clone that has none, skips
# itself with a warning: lint would pass without checking a single boundary. Computing the graph first
# (refreshed when projects changed) makes the rule, and tools/lint's spec of it, real.
lint() {
  nx show projects >/dev/null || { say "nx could not compute the project graph"; return 1; }
  eslint . --max-warnings=0
}

# ---------------------------------------------------------------- 4. tests
# within SECONDS COMMAND...: a spec that hangs fails its step after SECONDS instead of holding CI for 90 minutes.
within() {
  local limit="$1" status=0
  shift
  timeout --kill-after=30 "$limit" "$@" || status=$?
  if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    say "stopped after ${limit}s: a spec does not finish (run it alone, without --silent, to see which)"
  fi
  return "$status"
}

# shellcheck disable=SC2086  # JEST_ARGS is a list of words
jest_unit() {
  within "${UNIT_TIMEOUT:-600}" jest -c jest.config.js --selectProjects unit --silent --passWithNoTests --forceExit \
    --json --outputFile="$WORK/unit.json" ${JEST_ARGS:-}
}

# shellcheck disable=SC2086
jest_integration() {
  wait_services || return 1
  local workers=(--runInBand)
  if [ "${INTEGRATION_WORKERS:-1}" != 1 ]; then workers=(--maxWorkers="$INTEGRATION_WORKERS"); fi
  # --forceExit: a spec that leaks a socket must not hang CI (find it with --detectOpenHandles).
  # --testTimeout: Jest 30 ignores a testTimeout set inside a `projects` entry.
  within "${INTEGRATION_TIMEOUT:-900}" jest -c jest.config.js --selectProjects integration "${workers[@]}" \
    --testTimeout=120000 --silent --passWithNoTests --forceExit \
    --json --outputFile="$WORK/integration.json" ${JEST_ARGS:-}
}

# The system tests: every service as its own process, SIGKILLs, a broker outage, the embedded crash
# (tools/system-tests/README.md). The chaos file starts a Kafka broker of its own (tools/kafka-local).
# shellcheck disable=SC2086
jest_system() {
  wait_services || return 1
  within "${SYSTEM_TIMEOUT:-2400}" jest -c tools/system-tests/jest.config.js --runInBand \
    --silent --passWithNoTests --forceExit --json --outputFile="$WORK/system.json" ${JEST_ARGS:-}
}

has_e2e() { node -e 'process.exit(require("./package.json").scripts?.["test:e2e"] ? 0 : 1)'; }

# "passed failed skipped" of one Jest JSON report; a suite that could not run counts as one failure.
counts() {
  node -e '
    const fs = require("node:fs");
    if (!fs.existsSync(process.argv[1])) { console.log("0 0 0 missing"); process.exit(0); }
    const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites, r.numPendingTests + r.numTodoTests, "ok");
  ' "$1"
}

summary() {
  local passed=0 failed=0 skipped=0 project p f s state line
  banner "summary"
  for line in "${RESULTS[@]}"; do say "  $line"; done
  for project in unit integration system; do
    read -r p f s state < <(counts "$WORK/$project.json")
    if [ "$state" = missing ]; then
      say "  $project specs: no report (Jest did not run or stopped early)"
      # A run that died (a spec calling process.exit, a timeout) must not read as a clean count.
      if printf '%s\n' "${RESULTS[@]}" | grep -qE "^$project +FAILED"; then f=1; fi
    else
      say "  $project specs: $p passed, $f failed, $s skipped"
    fi
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  done
  if [ "$FAILED" = 0 ]; then say "  result: every step passed"; else say "  result: FAILED"; fi
  say "  took $((SECONDS - T_START))s"
  if [ "$skipped" -gt 0 ]; then
    say "$passed passed, $failed failed, $skipped skipped"
  else
    say "$passed passed, $failed failed"
  fi
}

T_START=$SECONDS
step install install_deps
[ "$FAILED" = 0 ] || { summary; exit 1; }
banner "services"
start_services
step format format_check
step lint lint
step typecheck tsc -p tsconfig.json --noEmit
step unit jest_unit
step integration jest_integration
if has_e2e; then
  step e2e npm run test:e2e
else
  banner "e2e"
  say "no test:e2e script in package.json: no browser tests yet"
fi
step system jest_system
summary
[ "$FAILED" = 0 ]
