#!/usr/bin/env bash
# Signed Create(Note) POSTs from 1,000 remote actors with cached keys, 64 keep-alive connections.
#
# Seeds 1,000 remote actors (keys in the key cache, followed by the local account, so every
# Create is verified without a fetch and stored), pre-signs BENCH_INBOX_REQUESTS distinct
# Create(Note) requests with real RSA-2048 keys (draft-cavage, as Mastodon signs) and fires them
# at the shared inbox from one epoll thread (bench/load_client.cpp), then waits until the inbox
# queue is drained. Reports accepted (202) per second and processed (stored) per second, from the
# first request to the last item processed. Baselines in the same run: RSA-2048 verifications per
# second on 2 cores (`openssl speed -multi 2`) and SQLite's batched insert rate for the same
# queue rows. Targets: accepted >= 20,000/s, processed >= 10,000/s.
source "$(dirname "$0")/lib.sh"
bench_init inbox

readonly ACCOUNT=shop
readonly ACTORS=${BENCH_INBOX_ACTORS:-1000}
readonly REQUESTS=${BENCH_INBOX_REQUESTS:-20000}
readonly WARMUP_REQUESTS=${BENCH_INBOX_WARMUP:-2000}
readonly TARGET_ACCEPTED=20000
readonly TARGET_PROCESSED=10000
readonly BASELINE_CPUS=2
# Seconds per openssl speed run.
readonly OPENSSL_SECONDS=3
# Every request is one queue row; the queue must hold a whole run, so accepting is measured
# rather than the 503 of a full queue (the production default is 10,000).
readonly QUEUE_CAPACITY=$((REQUESTS + WARMUP_REQUESTS + 1000))
INBOX_BIN=$BENCH_BUILD_DIR/bench/cornerstore_bench_inbox

bench_build cornerstore_bench_inbox
bench_machine

bench_new_tmpdir work
port=$(bench_free_port)
bench_write_config "$work/cs" "$port" "[workers]
inbox_queue_capacity = $QUEUE_CAPACITY${BENCH_INBOX_WORKERS:+
inbox_workers = $BENCH_INBOX_WORKERS}"
bench_account "$work/cs" "$ACCOUNT"
bench_log "seeding $ACTORS remote actors with cached keys"
"$INBOX_BIN" seed --db "$work/cs/data/cornerstore.db" --base-url "$BENCH_BASE_URL" \
  --account "$ACCOUNT" --actors "$ACTORS" --keys-out "$work/keys.pem" | sed "s/^/[inbox] /" >&2

# Baselines first, on an idle machine (nothing of ours running yet).
bench_log "baseline: openssl speed -multi $BASELINE_CPUS rsa2048"
speed=$(openssl speed -multi "$BASELINE_CPUS" -seconds "$OPENSSL_SECONDS" rsa2048 2>/dev/null)
rsa_verify=$(awk '/^rsa 2048 bits/ {printf "%.0f", $7}' <<<"$speed")
bench_log "baseline: SQLite batched inserts of the same queue rows"
bench_new_tmpdir sqlite_dir
sqlite_line=$("$INBOX_BIN" sqlite-baseline --db "$sqlite_dir/baseline.db" --rows "$REQUESTS")
sqlite_rps=$(sed -n 's/.*rows_per_s=\([0-9]*\).*/\1/p' <<<"$sqlite_line")

bench_server_start "$work/cs"
pid=$BENCH_SERVER_PID
fire() {
  "$INBOX_BIN" fire --port "$port" --host "$BENCH_DOMAIN" --actors "$ACTORS" \
    --keys "$work/keys.pem" --connections "$BENCH_CONNECTIONS" --db "$work/cs/data/cornerstore.db" \
    "$@"
}
bench_log "warm-up: $WARMUP_REQUESTS requests"
fire --requests "$WARMUP_REQUESTS" --tag warmup >/dev/null
bench_log "load: $REQUESTS signed requests over $BENCH_CONNECTIONS connections (pre-signing first)"
line=$(fire --requests "$REQUESTS" --tag run)
bench_log "$line"
kill -0 "$pid" 2>/dev/null || bench_die "the server died under the load"
value() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $line"; }
accepted=$(value accepted)
[ "$accepted" = "$REQUESTS" ] || bench_log "warning: only $accepted of $REQUESTS answered 202 ($(value statuses))"
stored=$(value stored)
[ "$stored" = "$REQUESTS" ] || bench_log "warning: only $stored of $REQUESTS posts stored"

bench_table_header "inbox: $REQUESTS signed Create(Note) from $ACTORS actors, ${BENCH_CONNECTIONS} keep-alive connections; baselines RSA-2048 verify/s on $BASELINE_CPUS cores, SQLite batched insert"
bench_row "accepted (202) per second" "$(value accepted_per_s)" "req/s" "$rsa_verify" "value>=" "$TARGET_ACCEPTED"
bench_row "processed (stored) per second" "$(value processed_per_s)" "item/s" "$sqlite_rps" "value>=" "$TARGET_PROCESSED"
bench_row "time to accept all" "$(value accept_s)" "s"
bench_row "stored by the last 202" "$(value stored_at_accept)" "posts"
bench_row "time to process all" "$(value processed_s)" "s"
bench_row "stored posts" "$stored" "posts" "$REQUESTS"
bench_row "RSS peak" "$(bench_mib "$(bench_rss_kib "$pid" VmHWM)")" "MiB"
