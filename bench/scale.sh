#!/usr/bin/env bash
# 1,000,000 stored posts and 100,000 remote actors: p99 of reads, size per post, start-up time.
#
# Seeds one database with BENCH_POSTS posts (default 1,000,000), BENCH_REMOTE_ACTORS remote
# actors (100,000, of which BENCH_FOLLOWERS follow) in one transaction, and a small one
# (BENCH_SMALL_POSTS posts, 100 actors) as the baseline of the same run; then, for each, starts
# the Release server and measures start-up time and the latency of an outbox page at a random
# cursor, an object GET of a random post, WebFinger and the outbox collection (it counts the
# posts), with BENCH_SCALE_CONNECTIONS keep-alive connections (default 8: a busy but not
# saturated server, so p99 shows the database's cost rather than queueing).
# Targets: p99 <= 5 ms for each read. Database size per post is the database's growth from the
# small to the large seed divided by the posts added; its baseline is the size of one post's
# Note JSON as served.
source "$(dirname "$0")/lib.sh"
bench_init scale

readonly ACCOUNT=shop
readonly POSTS=${BENCH_POSTS:-1000000}
readonly REMOTE_ACTORS=${BENCH_REMOTE_ACTORS:-100000}
readonly FOLLOWERS=${BENCH_FOLLOWERS:-10000}
readonly SMALL_POSTS=${BENCH_SMALL_POSTS:-1000}
readonly SMALL_ACTORS=100
readonly TARGET_P99_MS=5
BENCH_CONNECTIONS=${BENCH_SCALE_CONNECTIONS:-8}
# A read that times out or fails at this size is a result to print, not a reason to stop.
BENCH_WRK_ALLOW_ERRORS=1
# Cursors drawn per outbox path file.
readonly CURSOR_SAMPLES=10000

bench_build cornerstore_bench_seed
bench_machine
bench_new_tmpdir work

db_bytes() { # checkpointed size of DIR's database
  sqlite3 "$1/data/cornerstore.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
  stat -c %s "$1/data/cornerstore.db"
}

# prepare NAME POSTS ACTORS: a seeded instance in $work/NAME with its path files.
prepare() {
  local name=$1 posts=$2 actors=$3 t0 t1
  bench_write_config "$work/$name" "$(bench_free_port)"
  bench_account "$work/$name" "$ACCOUNT"
  local followers=$FOLLOWERS
  [ "$followers" -le "$actors" ] || followers=$actors
  t0=$(date +%s%N)
  bench_seed "$work/$name" "$ACCOUNT" --posts "$posts" --remote-actors "$actors" \
    --followers "$followers" --hosts 1000 --sample-paths "$work/$name/objects.txt"
  t1=$(date +%s%N)
  seed_ms[$name]=$(((t1 - t0) / 1000000))
  awk -v n="$posts" -v a="$ACCOUNT" -v k="$CURSOR_SAMPLES" 'BEGIN { srand(1); for (i = 0; i < k; i++)
    printf "/users/%s/outbox?page=true&max_id=%d\n", a, 2 + int(rand() * (n - 1)) }' \
    >"$work/$name/outbox.txt"
  size[$name]=$(db_bytes "$work/$name")
}

# measure NAME: start-up time and read latencies of the instance in $work/NAME.
measure() {
  local name=$1 dir=$work/$1 port base key
  port=$(bench_config_port "$dir")
  base="http://127.0.0.1:$port"
  # A warm start: the database was just written, so it is in the page cache (dropping the cache
  # would slow every other process on the machine).
  bench_server_start "$dir"
  start_ms[$name]=$BENCH_SERVER_START_MS
  curl -fsS -o /dev/null -H "$BENCH_ACCEPT_AP" "$base$(head -1 "$dir/objects.txt")" ||
    bench_die "$name: a seeded post is not served"
  curl -fsS -o /dev/null -H "$BENCH_ACCEPT_AP" "$base$(head -1 "$dir/outbox.txt")" ||
    bench_die "$name: an outbox page is not served"
  note_bytes[$name]=$(curl -fsS -H "$BENCH_ACCEPT_AP" "$base$(head -1 "$dir/objects.txt")" | wc -c)
  local paths="$BENCH_ROOT/bench/paths.lua"
  for key in outbox_page object webfinger outbox; do
    bench_log "  $name $key"
    case $key in
      outbox_page) bench_wrk "$base" -H "$BENCH_ACCEPT_AP" -s "$paths" -- "$dir/outbox.txt" ;;
      object) bench_wrk "$base" -H "$BENCH_ACCEPT_AP" -s "$paths" -- "$dir/objects.txt" ;;
      webfinger) bench_wrk "$base/.well-known/webfinger?resource=acct:$ACCOUNT@$BENCH_DOMAIN" ;;
      outbox) bench_wrk "$base/users/$ACCOUNT/outbox" -H "$BENCH_ACCEPT_AP" ;;
    esac
    p99[$name.$key]=$WRK_P99_MS
    p50[$name.$key]=$WRK_P50_MS
    rps[$name.$key]=$WRK_RPS
    errors[$name.$key]=$WRK_ERRORS
  done
  bench_server_stop
}

declare -A seed_ms size start_ms note_bytes p99 p50 rps errors
bench_log "seeding the baseline: $SMALL_POSTS posts, $SMALL_ACTORS remote actors"
prepare small "$SMALL_POSTS" "$SMALL_ACTORS"
bench_log "seeding: $POSTS posts, $REMOTE_ACTORS remote actors ($FOLLOWERS followers)"
prepare large "$POSTS" "$REMOTE_ACTORS"
bench_log "reads: $BENCH_CONNECTIONS connections, ${BENCH_DURATION}s per run"
measure small
measure large

per_post=$(awk -v a="${size[large]}" -v b="${size[small]}" -v n="$POSTS" -v m="$SMALL_POSTS" \
  'BEGIN { printf "%.0f", (a - b) / (n - m) }')
seed_rate=$(awk -v ms="${seed_ms[large]}" -v n="$((POSTS + REMOTE_ACTORS + FOLLOWERS))" \
  'BEGIN { printf "%.0f", n / (ms / 1000) }')

bench_table_header "scale: $POSTS posts, $REMOTE_ACTORS remote actors; baseline the same server with $SMALL_POSTS posts; $BENCH_CONNECTIONS connections"
for key in outbox_page object webfinger outbox; do
  case $key in
    outbox_page) label="outbox page (random cursor)" ;;
    object) label="object GET (random post)" ;;
    webfinger) label="WebFinger" ;;
    outbox) label="outbox collection (counts posts)" ;;
  esac
  bench_row "$label p99" "${p99[large.$key]}" "ms" "${p99[small.$key]}" "value<=" "$TARGET_P99_MS"
  bench_row "$label p50" "${p50[large.$key]}" "ms" "${p50[small.$key]}"
  bench_row "$label req/s" "${rps[large.$key]}" "req/s" "${rps[small.$key]}"
  bench_row "$label errors (timeouts, non-2xx)" "${errors[large.$key]}" "" "${errors[small.$key]}"
done
bench_row "database size" "$(awk -v b="${size[large]}" 'BEGIN { printf "%.0f", b / 1048576 }')" "MiB" \
  "$(awk -v b="${size[small]}" 'BEGIN { printf "%.1f", b / 1048576 }')"
bench_row "database bytes per post (vs Note JSON)" "$per_post" "B" "${note_bytes[large]}"
bench_row "start-up to first /health" "${start_ms[large]}" "ms" "${start_ms[small]}"
bench_row "seed time (one transaction)" "${seed_ms[large]}" "ms"
bench_row "seed rate" "$seed_rate" "rows/s"
