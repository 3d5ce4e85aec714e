#!/usr/bin/env bash
# One public post to 10,000 followers on 1,000 and on 10,000 hosts: time until every inbox has it.
#
# For each case, seeds 10,000 followers of the local account on H loopback hosts (host h is
# 127.0.0.2+h on one port, each with a shared inbox; allowed by unsafe.allow_private_addresses),
# starts a fake receiving fleet (bench/fleet.cpp: one process listening on every host, verifying
# every signature with the account's public key), publishes one public post through the client
# API and measures until every host has received a verified delivery. Reports deliveries per
# second (one per host: followers share their host's inbox). Baseline in the same run: RSA-2048
# signatures per second on 2 cores (`openssl speed -multi 2`), the bound of a delivery that signs
# each request. Target: >= 0.7x that bound.
source "$(dirname "$0")/lib.sh"
bench_init fanout

readonly ACCOUNT=shop
readonly FOLLOWERS=${BENCH_FANOUT_FOLLOWERS:-10000}
readonly HOST_CASES=${BENCH_FANOUT_HOSTS:-"1000 10000"}
readonly TARGET_RATIO=0.7
readonly BASELINE_CPUS=2
readonly OPENSSL_SECONDS=3
# Longest a case may take before it is reported as unfinished.
readonly FLEET_TIMEOUT_S=${BENCH_FANOUT_TIMEOUT:-300}
FLEET_BIN=$BENCH_BUILD_DIR/bench/cornerstore_bench_fleet

bench_build cornerstore_bench_fleet
bench_machine
# One listening socket per host, plus the connections.
[ "$(ulimit -n)" -gt $((${HOST_CASES##* } + 1000)) ] || ulimit -n 65536 ||
  bench_die "need more file descriptors than $(ulimit -n)"

bench_log "baseline: openssl speed -multi $BASELINE_CPUS rsa2048"
speed=$(openssl speed -multi "$BASELINE_CPUS" -seconds "$OPENSSL_SECONDS" rsa2048 2>/dev/null)
rsa_sign=$(awk '/^rsa 2048 bits/ {printf "%.0f", $6}' <<<"$speed")

declare -A rate elapsed first verified rejected
for hosts in $HOST_CASES; do
  bench_new_tmpdir work
  port=$(bench_free_port)
  fleet_port=$(bench_free_port)
  bench_write_config "$work/cs" "$port" "[unsafe]
allow_private_addresses = true${BENCH_DELIVERY_WORKERS:+
[workers]
delivery_workers = $BENCH_DELIVERY_WORKERS}"
  bench_account "$work/cs" "$ACCOUNT"
  "$FLEET_BIN" seed --db "$work/cs/data/cornerstore.db" --base-url "$BENCH_BASE_URL" \
    --account "$ACCOUNT" --followers "$FOLLOWERS" --hosts "$hosts" --port "$fleet_port" |
    sed "s/^/[fanout] /" >&2
  token=$(bench_cs "$work/cs" token create "$ACCOUNT" 2>/dev/null)
  bench_server_start "$work/cs"
  base="http://127.0.0.1:$port"
  curl -fsS -H "$BENCH_ACCEPT_AP" "$base/users/$ACCOUNT" -o "$work/actor.json"

  "$FLEET_BIN" serve --port "$fleet_port" --hosts "$hosts" --actor-json "$work/actor.json" \
    --timeout "$FLEET_TIMEOUT_S" >"$work/fleet.out" 2>"$work/fleet.err" &
  fleet_pid=$!
  bench_track_pid "$fleet_pid"
  for _ in $(seq 600); do
    grep -q '^ready' "$work/fleet.out" 2>/dev/null && break
    kill -0 "$fleet_pid" 2>/dev/null || { cat "$work/fleet.err" >&2; bench_die "fleet did not start"; }
    sleep 0.05
  done

  bench_log "$hosts hosts: publishing one public post to $FOLLOWERS followers"
  t0=$(date +%s%3N)
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" \
    --data-urlencode "status=Spring bouquets are in: come and see them in the shop." \
    -d visibility=public "$base/api/v1/statuses" || bench_die "publishing failed"
  wait "$fleet_pid" || bench_log "warning: not every host got the post within ${FLEET_TIMEOUT_S}s"
  line=$(tail -1 "$work/fleet.out")
  bench_log "$line"
  value() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $line"; }
  done_hosts=$(value hosts_done)
  last_ms=$(value last_ms)
  elapsed[$hosts]=$(awk -v a="$last_ms" -v b="$t0" 'BEGIN {printf "%.2f", (a - b) / 1000}')
  first[$hosts]=$(awk -v a="$(value first_ms)" -v b="$t0" 'BEGIN {printf "%.0f", a - b}')
  rate[$hosts]=$(awk -v n="$done_hosts" -v s="${elapsed[$hosts]}" 'BEGIN {printf "%.0f", (s > 0) ? n / s : 0}')
  verified[$hosts]=$done_hosts
  rejected[$hosts]=$(value rejected)
  bench_server_stop
done

bench_table_header "fanout: one public post to $FOLLOWERS followers (shared inboxes); baseline RSA-2048 sign/s on $BASELINE_CPUS cores"
for hosts in $HOST_CASES; do
  bench_row "$hosts hosts: deliveries per second" "${rate[$hosts]}" "dlv/s" "$rsa_sign" "ratio>=" "$TARGET_RATIO"
  bench_row "$hosts hosts: time until every inbox has it" "${elapsed[$hosts]}" "s"
  bench_row "$hosts hosts: first delivery after publish" "${first[$hosts]}" "ms"
  bench_row "$hosts hosts: hosts reached (verified)" "${verified[$hosts]}" "hosts" "$hosts"
  bench_row "$hosts hosts: signatures rejected by the fleet" "${rejected[$hosts]}" "req"
done
