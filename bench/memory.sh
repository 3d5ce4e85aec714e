#!/usr/bin/env bash
# RSS after start and peak under load, with 100,000 stored posts and 10,000 followers.
#
# Measures the Release server's resident memory (/proc/PID/status VmRSS, VmHWM) after start on
# an empty database and on a seeded one (BENCH_POSTS posts, BENCH_FOLLOWERS followers on 1,000
# hosts), then its peak during the discovery load (actor + WebFinger GETs, 64 keep-alive
# connections) and during object GETs and outbox pages spread over every post. Baseline, in the
# same run: nginx (master + workers) serving the actor JSON under the same load.
# Targets: <= 16 MiB after start, <= 128 MiB peak.
source "$(dirname "$0")/lib.sh"
bench_init memory

readonly ACCOUNT=shop
readonly POSTS=${BENCH_POSTS:-100000}
readonly FOLLOWERS=${BENCH_FOLLOWERS:-10000}
readonly TARGET_START_MIB=16
readonly TARGET_PEAK_MIB=128
# Time for the worker threads to start and settle before RSS is read.
readonly SETTLE_S=1

bench_build cornerstore_bench_seed
bench_machine

bench_new_tmpdir work
port=$(bench_free_port)
bench_write_config "$work/cs" "$port"
bench_account "$work/cs" "$ACCOUNT"
base="http://127.0.0.1:$port"

# 1. Empty database.
bench_server_start "$work/cs"
sleep "$SETTLE_S"
rss_empty=$(bench_rss_kib "$BENCH_SERVER_PID")
mkdir -p "$work/nginx/www/users"
curl -fsS -H "$BENCH_ACCEPT_AP" "$base/users/$ACCOUNT" -o "$work/nginx/www/users/$ACCOUNT.json"
bench_server_stop

# 2. Seeded database.
bench_log "seeding $POSTS posts and $FOLLOWERS followers"
bench_seed "$work/cs" "$ACCOUNT" --posts "$POSTS" --followers "$FOLLOWERS" --hosts 1000 \
  --sample-paths "$work/objects.txt"
awk -v n="$POSTS" -v a="$ACCOUNT" 'BEGIN { srand(1); for (i = 0; i < 10000; i++)
  printf "/users/%s/outbox?page=true&max_id=%d\n", a, 1 + int(rand() * n) }' >"$work/outbox.txt"
bench_server_start "$work/cs"
pid=$BENCH_SERVER_PID
sleep "$SETTLE_S"
rss_seeded=$(bench_rss_kib "$pid")
curl -fsS -o /dev/null -H "$BENCH_ACCEPT_AP" "$base$(head -1 "$work/objects.txt")" ||
  bench_die "a seeded post is not served"

nginx_port=$(bench_free_port)
bench_nginx_start "$work/nginx" "$nginx_port"
sleep "$SETTLE_S"
nginx_start=$(bench_tree_rss_kib "$BENCH_NGINX_PID")

bench_log "discovery load: ${BENCH_CONNECTIONS} connections, ${BENCH_DURATION}s per run"
for p in "$BENCH_NGINX_PID" $(pgrep -P "$BENCH_NGINX_PID"); do bench_reset_peak "$p"; done
bench_wrk "http://127.0.0.1:$nginx_port/users/$ACCOUNT" -H "$BENCH_ACCEPT_AP"
nginx_peak=$(bench_tree_rss_kib "$BENCH_NGINX_PID" VmHWM)

bench_reset_peak "$pid"
bench_wrk "$base/users/$ACCOUNT" -H "$BENCH_ACCEPT_AP"
bench_wrk "$base/.well-known/webfinger?resource=acct:$ACCOUNT@$BENCH_DOMAIN"
peak_discovery=$(bench_rss_kib "$pid" VmHWM)

bench_log "read load: object GETs and outbox pages over all $POSTS posts"
bench_reset_peak "$pid"
bench_wrk "$base" -H "$BENCH_ACCEPT_AP" -s "$BENCH_ROOT/bench/paths.lua" -- "$work/objects.txt"
bench_wrk "$base" -H "$BENCH_ACCEPT_AP" -s "$BENCH_ROOT/bench/paths.lua" -- "$work/outbox.txt"
peak_reads=$(bench_rss_kib "$pid" VmHWM)
rss_after=$(bench_rss_kib "$pid")

bench_table_header "memory: $POSTS posts, $FOLLOWERS followers; baseline nginx (master + workers) serving the actor JSON"
bench_row "RSS after start, empty database" "$(bench_mib "$rss_empty")" "MiB" \
  "$(bench_mib "$nginx_start")" "value<=" "$TARGET_START_MIB"
bench_row "RSS after start, seeded database" "$(bench_mib "$rss_seeded")" "MiB" \
  "$(bench_mib "$nginx_start")" "value<=" "$TARGET_START_MIB"
bench_row "RSS peak, discovery load" "$(bench_mib "$peak_discovery")" "MiB" \
  "$(bench_mib "$nginx_peak")" "value<=" "$TARGET_PEAK_MIB"
bench_row "RSS peak, object GETs + outbox pages" "$(bench_mib "$peak_reads")" "MiB" \
  "$(bench_mib "$nginx_peak")" "value<=" "$TARGET_PEAK_MIB"
bench_row "RSS after the loads" "$(bench_mib "$rss_after")" "MiB"
