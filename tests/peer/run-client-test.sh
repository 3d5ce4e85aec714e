#!/usr/bin/env bash
# End-to-end test of the Mastodon client API with a real client library (masto, from npm) and a
# fake remote instance (Fedify) that verifies every signature it receives.
#
# Usage: tests/peer/run-client-test.sh CORNERSTORE_BINARY
#
# Starts the given cornerstore binary on 127.0.0.1 (a free port, a fresh data directory, private
# addresses allowed), creates the account @demo with a password (`account password demo`, read
# from standard input), and runs masto_client_test.mjs: OAuth through the authorization form
# (CSRF, PKCE), posts of each visibility, home timeline, markers, reply, favourite, boost,
# notifications, a follow request approved; each federated effect is checked at the remote
# instance. The scenario prints a PASS/FAIL/SKIP line per check; this script counts them, prints
# "N passed, M failed" and exits non-zero on any failure. Kills everything it started.
#
# Environment:
#   CLIENT_TEST_TIMEOUT  seconds the scenario may take (default 90)
#   CLIENT_TEST_VERBOSE  1: log every client request and the remote instance's traffic
#   CLIENT_TEST_KEEP     1: keep the temporary directory (config, database, server log)
# Needs node (>= 20) and npm; installs tests/peer/node_modules with `npm ci` when missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ne 1 ]; then
  echo "usage: $0 CORNERSTORE_BINARY" >&2
  exit 2
fi
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if [ ! -x "$binary" ]; then
  echo "not an executable: $1" >&2
  exit 2
fi
for tool in node npm curl; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "node $(node --version) is too old: the client test needs Node.js 20 or later" >&2
  exit 2
fi

scenario_timeout=${CLIENT_TEST_TIMEOUT:-90}
# Seconds to wait for the server to answer /health.
readonly startup_seconds=20
readonly account=demo
# Long enough for the password policy; only ever used on loopback.
readonly password="masto end-to-end $(date +%s)-$$"

passed=0
failed=0
skipped=0
pass() { passed=$((passed + 1)); echo "PASS  $*"; }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cornerstore-client.XXXXXX")
server_pid=""
scenario_pid=""
stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$scenario_pid"
  scenario_pid=""
  stop_pid "$server_pid"
  server_pid=""
  if [ "${CLIENT_TEST_KEEP:-0}" = 1 ]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Node dependencies, exactly as locked.
if [ ! -d "$here/node_modules/masto" ] || [ ! -d "$here/node_modules/@fedify/fedify" ]; then
  echo "== npm ci (tests/peer)"
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
fi

. "$here/harness.sh"

echo "== cornerstore on $base (data in $work)"
if cs account create "$account" >"$work/account.log" 2>&1; then
  pass "cornerstore account create $account"
else
  fail "cornerstore account create $account: $(tail -n 5 "$work/account.log")"
  echo "$passed passed, $failed failed"
  exit 1
fi
if printf '%s\n' "$password" | cs account password "$account" >"$work/password.log" 2>&1; then
  pass "cornerstore account password $account (from standard input)"
else
  fail "cornerstore account password $account: $(tail -n 5 "$work/password.log")"
  echo "$passed passed, $failed failed"
  exit 1
fi

# Started directly (not through cs, a function, whose subshell would get the pid).
"$binary" --config "$config" serve >"$work/server.log" 2>&1 &
server_pid=$!
up=0
for _ in $(seq 1 $((startup_seconds * 5))); do
  if curl -sf -o /dev/null --max-time 1 "$base/health"; then
    up=1
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
if [ "$up" = 1 ]; then
  pass "server answers $base/health"
else
  fail "server did not answer $base/health within ${startup_seconds} s"
  tail -n 30 "$work/server.log" | sed 's/^/      server: /'
  echo "$passed passed, $failed failed"
  exit 1
fi

echo "== masto client scenario"
scenario_args=(--timeout "$scenario_timeout")
[ "${CLIENT_TEST_VERBOSE:-0}" = 1 ] && scenario_args+=(--verbose)
# In the background with its pid kept, so that an interrupted run still stops it.
CORNERSTORE_PASSWORD="$password" timeout --kill-after=5 $((scenario_timeout + 10)) \
  node "$here/masto_client_test.mjs" "${scenario_args[@]}" "$base" "$account@localhost" \
  >"$work/scenario.log" 2>"$work/scenario.err" &
scenario_pid=$!
tail -n +1 -f --pid="$scenario_pid" "$work/scenario.log" &
tail_pid=$!
scenario_status=0
wait "$scenario_pid" || scenario_status=$?
scenario_pid=""
wait "$tail_pid" 2>/dev/null || true
if [ -s "$work/scenario.err" ]; then
  sed 's/^/      stderr: /' "$work/scenario.err" | tail -n 30
fi
# The scenario prints its own PASS/FAIL/SKIP lines (one per check): count them here.
passed=$((passed + $(grep -c '^PASS' "$work/scenario.log" || true)))
scenario_failed=$(grep -c '^FAIL' "$work/scenario.log" || true)
failed=$((failed + scenario_failed))
skipped=$((skipped + $(grep -c '^SKIP' "$work/scenario.log" || true)))
if [ "$scenario_status" != 0 ] && [ "$scenario_failed" = 0 ]; then
  fail "the scenario exited $scenario_status without a FAIL line (crash or timeout)"
fi

stop_pid "$server_pid"
server_pid=""
if [ "$failed" -gt 0 ]; then
  echo "== server log: warnings and errors (last 20)"
  grep -E '^[^ ]+ (WARN|ERROR) ' "$work/server.log" | tail -n 20 | sed 's/^/      /' || true
  echo "== server log: last 30 lines"
  tail -n 30 "$work/server.log" | sed 's/^/      /'
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
