#!/usr/bin/env bash
# WebFinger and actor GETs at 64 keep-alive connections, against nginx serving the same JSON.
#
# Starts the Release server with a fresh data directory and one account, saves the actor
# document and the WebFinger answer it serves, has nginx (the baseline, in the same run, same
# wrk settings) serve those bytes as static files, and loads both with wrk. Target: >= 0.6x
# nginx's requests per second. Also reports the server's RSS after start and its peak under
# the load (target <= 128 MiB). The access log is off (BENCH_ACCESS_LOG=true turns it on, at
# log.level info); the table says which.
source "$(dirname "$0")/lib.sh"
bench_init discovery

readonly ACCOUNT=shop
readonly TARGET_RATIO=0.6
readonly TARGET_PEAK_MIB=128

bench_build
bench_machine

bench_new_tmpdir work
cs_port=$(bench_free_port)
bench_write_config "$work/cs" "$cs_port"
bench_account "$work/cs" "$ACCOUNT"
bench_server_start "$work/cs"
pid=$BENCH_SERVER_PID
rss_start=$(bench_rss_kib "$pid")

base="http://127.0.0.1:$cs_port"
actor_path="/users/$ACCOUNT"
webfinger_path="/.well-known/webfinger?resource=acct:$ACCOUNT@$BENCH_DOMAIN"

# The baseline serves exactly the bytes Cornerstore answers.
mkdir -p "$work/nginx/www/users" "$work/nginx/www/.well-known"
curl -fsS -H "$BENCH_ACCEPT_AP" "$base$actor_path" -o "$work/nginx/www/users/$ACCOUNT.json"
curl -fsS "$base$webfinger_path" -o "$work/nginx/www/.well-known/webfinger.json"
nginx_port=$(bench_free_port)
bench_nginx_start "$work/nginx" "$nginx_port"
nginx_base="http://127.0.0.1:$nginx_port"
curl -fsS -o /dev/null "$nginx_base$actor_path" || bench_die "nginx does not serve the actor"

bench_log "wrk: ${BENCH_CONNECTIONS} connections, ${BENCH_WRK_THREADS} threads, ${BENCH_DURATION}s per run (+${BENCH_WARMUP}s warm-up)"
declare -A rps p50 p99
run() {
  local key=$1 url=$2
  shift 2
  bench_log "  $key: $url"
  bench_wrk "$url" "$@"
  rps[$key]=$WRK_RPS
  p50[$key]=$WRK_P50_MS
  p99[$key]=$WRK_P99_MS
}

bench_reset_peak "$pid"
# Interleaved, so a change in the machine's load during the run hits both sides alike.
run nginx_actor "$nginx_base$actor_path" -H "$BENCH_ACCEPT_AP"
run cs_actor "$base$actor_path" -H "$BENCH_ACCEPT_AP"
run nginx_webfinger "$nginx_base/.well-known/webfinger?resource=acct:$ACCOUNT@$BENCH_DOMAIN"
run cs_webfinger "$base$webfinger_path"
rss_peak=$(bench_rss_kib "$pid" VmHWM)

log_state=on
[ "${BENCH_ACCESS_LOG:-false}" = true ] || log_state=off
bench_table_header "discovery: ${BENCH_CONNECTIONS} keep-alive connections, ${BENCH_DURATION}s each; baseline nginx static file; access log $log_state"
bench_row "actor GET req/s" "${rps[cs_actor]}" "req/s" "${rps[nginx_actor]}" "ratio>=" "$TARGET_RATIO"
bench_row "actor GET p50" "${p50[cs_actor]}" "ms" "${p50[nginx_actor]}"
bench_row "actor GET p99" "${p99[cs_actor]}" "ms" "${p99[nginx_actor]}"
bench_row "WebFinger req/s" "${rps[cs_webfinger]}" "req/s" "${rps[nginx_webfinger]}" "ratio>=" "$TARGET_RATIO"
bench_row "WebFinger p50" "${p50[cs_webfinger]}" "ms" "${p50[nginx_webfinger]}"
bench_row "WebFinger p99" "${p99[cs_webfinger]}" "ms" "${p99[nginx_webfinger]}"
bench_row "RSS after start" "$(bench_mib "$rss_start")" "MiB"
bench_row "RSS peak under load" "$(bench_mib "$rss_peak")" "MiB" "" "value<=" "$TARGET_PEAK_MIB"
