# Shared functions of the benchmarks: sourced by bench/run and by every bench/NAME.sh.
#
# A benchmark script does, in order:
#   source "$(dirname "$0")/lib.sh"; bench_init NAME
#   bench_build [extra targets]            # Release build of cornerstore (+ helpers)
#   bench_new_tmpdir dir; port=$(bench_free_port)
#   bench_write_config "$dir" "$port" [EXTRA_TOML]; bench_cs "$dir" account create shop
#   bench_server_start "$dir"              # sets BENCH_SERVER_PID, waits for /health
#   bench_wrk URL [wrk args]               # sets WRK_RPS WRK_P50_MS WRK_P99_MS
#   bench_table_header; bench_row ...      # the printed table, with ratios
# Everything started through these functions (servers, nginx, samplers) and every temporary
# directory is stopped and removed on exit, on error and on Ctrl-C (the trap set by bench_init).
#
# Knobs (environment): BENCH_DURATION (seconds per wrk run, default 10), BENCH_WARMUP (default 2),
# BENCH_CONNECTIONS (default 64), BENCH_WRK_THREADS (default: nproc), BENCH_KEEP=1 keeps the
# temporary directories for inspection, BENCH_BUILD_DIR (default build/release), BENCH_NO_BUILD=1
# uses the binaries already built there (e.g. to profile one build several times).

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_BUILD_DIR=${BENCH_BUILD_DIR:-$BENCH_ROOT/build/release}
CS_BIN=$BENCH_BUILD_DIR/src/cornerstore
BENCH_SEED_BIN=$BENCH_BUILD_DIR/bench/cornerstore_bench_seed
# The instance every benchmark server plays; requests go to 127.0.0.1, ids name this host.
BENCH_DOMAIN=bench.example
BENCH_BASE_URL=https://social.bench.example
BENCH_ACCEPT_AP='Accept: application/activity+json'
BENCH_DURATION=${BENCH_DURATION:-10}
BENCH_WARMUP=${BENCH_WARMUP:-2}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-64}
BENCH_WRK_THREADS=${BENCH_WRK_THREADS:-$(nproc)}
# Ports are drawn from this range; the kernel's ephemeral range starts at 32768, so collisions
# with outgoing connections are unlikely, and every pick is checked anyway.
BENCH_PORT_MIN=20000
BENCH_PORT_MAX=32000
# How long a started server may take to answer /health.
BENCH_START_TIMEOUT_S=30

BENCH_PIDS=()
BENCH_TMPDIRS=()
BENCH_SERVER_PID=
BENCH_NAME=bench

bench_log() { echo "[$BENCH_NAME] $*" >&2; }
bench_die() {
  echo "[$BENCH_NAME] error: $*" >&2
  exit 1
}

# Sets the name used in messages and the cleanup trap.
bench_init() {
  BENCH_NAME=$1
  set -euo pipefail
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# Stops what this run started, newest first (SIGTERM, then SIGKILL after 10 s), and removes the
# temporary directories.
bench_cleanup() {
  local status=$?
  local i pid
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${BENCH_PIDS[i]}
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  BENCH_PIDS=()
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    [ ${#BENCH_TMPDIRS[@]} -eq 0 ] || bench_log "kept: ${BENCH_TMPDIRS[*]}"
  else
    for d in "${BENCH_TMPDIRS[@]}"; do rm -rf "$d"; done
  fi
  BENCH_TMPDIRS=()
  return $status
}

# Registers a pid that cleanup must stop.
bench_track_pid() { BENCH_PIDS+=("$1"); }

# Installs the Debian packages of the bench group when missing (see .ci/packages.txt).
bench_deps() {
  local need=0 tool
  for tool in wrk nginx curl sqlite3 ss; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || need=1
  done
  [ $need -eq 0 ] || bash "$BENCH_ROOT/.ci/install-deps" build run bench
}

# Release build of the server and any extra targets (e.g. cornerstore_bench_seed), only those.
bench_build() {
  if [ "${BENCH_NO_BUILD:-0}" = 1 ]; then
    bench_deps
    [ -x "$CS_BIN" ] || bench_die "BENCH_NO_BUILD=1 but $CS_BIN is missing"
    return 0
  fi
  bash "$BENCH_ROOT/.ci/install-deps" build run >/dev/null
  bench_deps
  if [ ! -f "$BENCH_BUILD_DIR/CMakeCache.txt" ]; then
    bench_log "configuring $BENCH_BUILD_DIR (Release)"
    cmake -S "$BENCH_ROOT" -B "$BENCH_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
      -DCORNERSTORE_TESTS=OFF >/dev/null
  fi
  bench_log "building cornerstore $* (Release)"
  cmake --build "$BENCH_BUILD_DIR" -j"$(nproc)" --target cornerstore "$@" >/dev/null ||
    bench_die "build failed: cmake --build $BENCH_BUILD_DIR --target cornerstore $*"
}

# A fresh temporary directory, removed at exit, stored in the variable named VAR. Call it in the
# script's own shell (not inside $(...)), so the directory is registered: bench_new_tmpdir VAR
bench_new_tmpdir() {
  local d
  d=$(mktemp -d "${TMPDIR:-/tmp}/cornerstore-bench.XXXXXX")
  BENCH_TMPDIRS+=("$d")
  printf -v "$1" '%s' "$d"
}

# True when something listens on 127.0.0.1:PORT (or any address on that port).
bench_port_busy() {
  ss -Htln "sport = :$1" 2>/dev/null | grep -q . && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A loopback port nobody listens on.
bench_free_port() {
  local port _
  for _ in $(seq 200); do
    port=$((BENCH_PORT_MIN + RANDOM % (BENCH_PORT_MAX - BENCH_PORT_MIN)))
    bench_port_busy "$port" || {
      echo "$port"
      return 0
    }
  done
  bench_die "no free port found in $BENCH_PORT_MIN-$BENCH_PORT_MAX"
}

# Writes DIR/cornerstore.toml for a server on 127.0.0.1:PORT with its data in DIR/data.
# EXTRA is more TOML (whole sections, not repeating the ones below): bench_write_config DIR PORT [EXTRA]
# The defaults here are the production defaults (http_threads too, unless BENCH_HTTP_THREADS
# sets it: idle connections wait in the server's connection gate, not on a thread) except that
# log.level is warn so start-up chatter stays out of the way; that also drops the access log
# (info lines), so access_log is off too and the tables say so. BENCH_ACCESS_LOG=true turns both
# on (log.level info) to measure their cost.
bench_write_config() {
  local dir=$1 port=$2 extra=${3:-} access_log=${BENCH_ACCESS_LOG:-false} level=warn
  [ "$access_log" = false ] || level=info
  mkdir -p "$dir"
  cat >"$dir/cornerstore.toml" <<EOF
[server]
listen_address = "127.0.0.1"
port = $port
${BENCH_HTTP_THREADS:+http_threads = $BENCH_HTTP_THREADS}

[instance]
domain = "$BENCH_DOMAIN"
base_url = "$BENCH_BASE_URL"
name = "Cornerstore bench"

[storage]
data_dir = "$dir/data"

[log]
level = "$level"
access_log = $access_log

$extra
EOF
}

# Runs the cornerstore CLI against DIR's configuration.
bench_cs() {
  local dir=$1
  shift
  "$CS_BIN" --config "$dir/cornerstore.toml" "$@"
}

# Creates the account NAME in DIR's database (real keys, a typical shop profile).
bench_account() {
  bench_cs "$1" account create "$2" --display-name "Corner Shop" --type organization \
    --bio "Fresh flowers and plants, delivered in town." \
    --field "Website=https://shop.example" >/dev/null
}

# Fills DIR's database for ACCOUNT with cornerstore_bench_seed (build it with bench_build
# cornerstore_bench_seed): bench_seed DIR ACCOUNT [--posts N] [--followers N] ...
# Prints the tool's summary line to stderr.
bench_seed() {
  local dir=$1 account=$2
  shift 2
  "$BENCH_SEED_BIN" --db "$dir/data/cornerstore.db" --base-url "$BENCH_BASE_URL" \
    --account "$account" "$@" | head -1 | sed "s/^/[$BENCH_NAME] /" >&2
}

# Total RSS in KiB of PID and its direct children (nginx: master + workers):
# bench_tree_rss_kib PID [VmRSS|VmHWM]
bench_tree_rss_kib() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(bench_rss_kib "$p" "${2:-VmRSS}")))
  done
  echo "$total"
}

# The port of DIR's configuration.
bench_config_port() { sed -n 's/^port = \([0-9]*\)$/\1/p' "$1/cornerstore.toml" | head -1; }

# Waits until URL answers 200, at most SECONDS (default BENCH_START_TIMEOUT_S); fails if PID dies.
bench_wait_http() {
  local url=$1 timeout=${2:-$BENCH_START_TIMEOUT_S} pid=${3:-}
  local deadline=$((SECONDS + timeout))
  while [ $SECONDS -lt $deadline ]; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null && return 0
    sleep 0.02
  done
  return 1
}

# Starts `cornerstore serve` for DIR in the background (stderr to DIR/server.log), waits for
# /health, and sets BENCH_SERVER_PID and BENCH_SERVER_START_MS (ms from exec to first 200).
bench_server_start() {
  local dir=$1 port t0 t1
  port=$(bench_config_port "$dir")
  bench_port_busy "$port" && bench_die "port $port is taken: another server would share it"
  t0=$(date +%s%N)
  "$CS_BIN" --config "$dir/cornerstore.toml" serve >>"$dir/server.log" 2>&1 &
  BENCH_SERVER_PID=$!
  bench_track_pid "$BENCH_SERVER_PID"
  if ! bench_wait_http "http://127.0.0.1:$port/health" "$BENCH_START_TIMEOUT_S" "$BENCH_SERVER_PID"; then
    tail -20 "$dir/server.log" >&2
    bench_die "server did not answer /health on port $port"
  fi
  t1=$(date +%s%N)
  BENCH_SERVER_START_MS=$(((t1 - t0) / 1000000))
}

# Stops the server started last (SIGTERM, graceful).
bench_server_stop() {
  [ -n "$BENCH_SERVER_PID" ] || return 0
  kill -TERM "$BENCH_SERVER_PID" 2>/dev/null || true
  wait "$BENCH_SERVER_PID" 2>/dev/null || true
  BENCH_SERVER_PID=
}

# Starts nginx (the baseline) serving DIR/www on 127.0.0.1:PORT with the machine's worker count,
# keep-alive and sendfile, logging off: nginx at its best. Files named *.json are served as
# application/activity+json; a request path without extension is looked up as PATH.json.
# Sets BENCH_NGINX_PID.
bench_nginx_start() {
  local dir=$1 port=$2 nginx
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  mkdir -p "$dir/www" "$dir/tmp"
  # Workers run as nobody when started by root: let them read the files and pass through the
  # (0700) temporary directory holding DIR, whose other contents stay unreadable.
  chmod -R a+rX "$dir"
  chmod a+x "$(dirname "$dir")"
  cat >"$dir/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  types { application/activity+json json; application/jrd+json jrd; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port;
    root $dir/www;
    location / { try_files \$uri \$uri.json =404; }
  }
}
EOF
  bench_port_busy "$port" && bench_die "port $port is taken"
  "$nginx" -p "$dir" -c "$dir/nginx.conf" >>"$dir/nginx.out" 2>&1 &
  BENCH_NGINX_PID=$!
  bench_track_pid "$BENCH_NGINX_PID"
  local deadline=$((SECONDS + 10))
  until bench_port_busy "$port"; do
    kill -0 "$BENCH_NGINX_PID" 2>/dev/null || {
      cat "$dir/nginx.out" "$dir/error.log" >&2 2>/dev/null
      bench_die "nginx did not start"
    }
    [ $SECONDS -lt $deadline ] || bench_die "nginx did not listen on $port"
    sleep 0.05
  done
}

# Converts a wrk latency ("812.00us", "1.23ms", "2.01s") to milliseconds.
bench_to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n = n * 60000;
    else if (v ~ /s$/) n = n * 1000
    printf "%.3f", n }'
}

# Runs wrk against URL with BENCH_CONNECTIONS keep-alive connections for BENCH_DURATION seconds
# (after a BENCH_WARMUP-second warm-up run): bench_wrk URL [WRK_OPTIONS...] [-- SCRIPT_ARGS...]
# e.g. bench_wrk "$base" -H "$BENCH_ACCEPT_AP" -s bench/paths.lua -- paths.txt
# Sets WRK_RPS, WRK_P50_MS, WRK_P99_MS, WRK_ERRORS (socket errors + non-2xx/3xx answers);
# the full output is in WRK_OUTPUT. Fails when any answer was not 2xx/3xx, unless
# BENCH_WRK_ALLOW_ERRORS=1 (then WRK_ERRORS says how many, for the table).
bench_wrk() {
  local url=$1 opts=() script_args=()
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  [ $# -eq 0 ] || {
    shift
    script_args=(-- "$@")
  }
  if [ "$BENCH_WARMUP" -gt 0 ]; then
    wrk -t"$BENCH_WRK_THREADS" -c"$BENCH_CONNECTIONS" -d"${BENCH_WARMUP}s" "${opts[@]}" "$url" \
      "${script_args[@]}" >/dev/null
  fi
  WRK_OUTPUT=$(wrk -t"$BENCH_WRK_THREADS" -c"$BENCH_CONNECTIONS" -d"${BENCH_DURATION}s" \
    --latency "${opts[@]}" "$url" "${script_args[@]}")
  WRK_RPS=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$WRK_OUTPUT")
  WRK_P50_MS=$(bench_to_ms "$(awk '$1 == "50%" {print $2}' <<<"$WRK_OUTPUT")")
  WRK_P99_MS=$(bench_to_ms "$(awk '$1 == "99%" {print $2}' <<<"$WRK_OUTPUT")")
  local non2xx socket
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$WRK_OUTPUT")
  socket=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' <<<"$WRK_OUTPUT")
  WRK_ERRORS=$((${non2xx:-0} + ${socket:-0}))
  # Every request timed out: wrk reports 0 latencies, which must not read as fast.
  if [ "${WRK_RPS:-0}" -lt 1 ] || { [ "$WRK_ERRORS" -gt 0 ] && [ "$WRK_P99_MS" = 0.000 ]; }; then
    WRK_P50_MS=-
    WRK_P99_MS=-
  fi
  if [ "${non2xx:-0}" -gt 0 ] && [ "${BENCH_WRK_ALLOW_ERRORS:-0}" != 1 ]; then
    echo "$WRK_OUTPUT" >&2
    bench_die "$url answered $non2xx non-2xx/3xx responses under load"
  fi
}

# Resident memory of PID in KiB: bench_rss_kib PID [VmRSS|VmHWM].
bench_rss_kib() {
  awk -v k="${2:-VmRSS}:" '$1 == k {print $2}' "/proc/$1/status"
}

# Resets PID's peak RSS (VmHWM) to its current RSS, so a later VmHWM is the peak since now.
bench_reset_peak() { echo 5 >"/proc/$1/clear_refs"; }

# KiB to MiB with one decimal.
bench_mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# A ratio with two decimals ("-" when the baseline is missing or zero).
bench_ratio() {
  awk -v a="$1" -v b="${2:-}" 'BEGIN { if (b == "" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'
}

# The results table. Columns: what, value, unit, baseline, ratio (value / baseline), target, and
# whether it is met. bench_row LABEL VALUE UNIT [BASELINE] [TARGET_OP TARGET]
# where TARGET_OP is one of: ratio>= ratio<= value>= value<= (e.g. "ratio>= 0.6", "value<= 5").
bench_table_header() {
  echo
  echo "== $1"
  printf '%-44s %12s %-6s %12s %7s  %-16s %s\n' "measure" "value" "unit" "baseline" "ratio" \
    "target" "met"
  printf '%-44s %12s %-6s %12s %7s  %-16s %s\n' "-------" "-----" "----" "--------" "-----" \
    "------" "---"
}

bench_row() {
  local label=$1 value=$2 unit=$3 baseline=${4:-} op=${5:-} target=${6:-}
  local ratio met="-" shown_target="-" lhs=$value cmp
  ratio=$(bench_ratio "$value" "$baseline")
  if [ -n "$op" ]; then
    cmp=${op#ratio}
    cmp=${cmp#value}
    if [[ $op == ratio* ]]; then
      lhs=$ratio
      shown_target="$cmp ${target}x"
    else
      shown_target="$cmp $target $unit"
    fi
    met=$(awk -v a="$lhs" -v t="$target" -v op="$cmp" 'BEGIN {
      if (a == "-" || a == "") { print "?"; exit }
      ok = (op == ">=") ? (a + 0 >= t + 0) : (a + 0 <= t + 0)
      print ok ? "yes" : "NO" }')
  fi
  printf '%-44s %12s %-6s %12s %7s  %-16s %s\n' "$label" "$value" "$unit" "${baseline:--}" \
    "$ratio" "$shown_target" "$met"
}

# The machine, for the record (docs/PERFORMANCE.md).
bench_machine() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "machine: $(nproc) CPUs ($cpu), $mem RAM, $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
