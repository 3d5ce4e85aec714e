#!/usr/bin/env bash
# Interoperability test against a real, independent ActivityPub implementation (Fedify, from npm).
#
# Usage: tests/peer/run-peer-test.sh CORNERSTORE_BINARY
#
# Starts the given cornerstore binary on 127.0.0.1 (a free port, a fresh data directory, private
# addresses allowed), creates @shop, and runs fedify_peer.mjs against it. The peer's actor alice
# follows @shop (signed Accept), sends Create(Note) mentioning @shop, Like and Undo; then, with this
# script's binary and config, the peer makes @shop publish through the CLI (post public and
# followers-only, edit, boost, like, pin, unboost, unlike, delete) and checks what reaches alice's
# and bob's (an ex-follower's) inboxes, signatures verified by Fedify, and what the outbox and
# featured collections show. The peer prints a PASS/FAIL line per check; this script counts them,
# then checks with the CLI that Cornerstore stored the follower and the mention. Prints
# "N passed, M failed" and exits non-zero on any failure.
#
# Environment:
#   PEER_TIMEOUT   seconds the Fedify scenario may take (default 60)
#   PEER_VERBOSE   1: log every HTTP exchange of the peer and Fedify's own debug log
#   PEER_KEEP      1: keep the temporary directory (config, database, server log)
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
  echo "node $(node --version) is too old: the Fedify peer needs Node.js 20 or later" >&2
  exit 2
fi

peer_timeout=${PEER_TIMEOUT:-60}
# Seconds to wait for the server to answer /health, and for the inbox workers to process.
readonly startup_seconds=20
readonly processing_seconds=15

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS  $*"; }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cornerstore-peer.XXXXXX")
server_pid=""
stop_server() {
  [ -n "$server_pid" ] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
cleanup() {
  stop_server
  if [ "${PEER_KEEP:-0}" = 1 ]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Node dependencies, exactly as locked.
if [ ! -d "$here/node_modules/@fedify/fedify" ]; then
  echo "== npm ci (tests/peer)"
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
fi

. "$here/harness.sh"

echo "== cornerstore on $base (data in $work)"
if cs account create shop >"$work/account.log" 2>&1; then
  pass "account create shop"
else
  fail "account create shop: $(tail -n 5 "$work/account.log")"
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

echo "== Fedify peer"
# The peer drives the publishing half through the CLI of this very config (the CLI enqueues, the
# running server's delivery workers send).
peer_args=(--timeout "$peer_timeout" --cornerstore "$binary" --config "$config")
[ "${PEER_VERBOSE:-0}" = 1 ] && peer_args+=(--verbose)
peer_status=0
timeout --kill-after=5 $((peer_timeout + 10)) \
  node "$here/fedify_peer.mjs" "${peer_args[@]}" "$base" "shop@localhost" \
  > >(tee "$work/peer.log") 2> >(tee "$work/peer.err" >&2) || peer_status=$?
sleep 0.2 # let tee flush
# The peer prints its own PASS/FAIL lines (one per check): count them here.
peer_passed=$(grep -c '^PASS' "$work/peer.log" || true)
peer_failed=$(grep -c '^FAIL' "$work/peer.log" || true)
passed=$((passed + peer_passed))
failed=$((failed + peer_failed))
# A fatal failure (steps 1-4, the deadline, a crash) stops the peer with its reason on stderr.
reason=$(grep -m1 '^FAIL' "$work/peer.err" | sed 's/^FAIL *//' || true)
if [ -z "$reason" ] && [ "$peer_status" != 0 ] && [ "$peer_failed" = 0 ]; then
  reason=$(tail -n 1 "$work/peer.err")
fi
[ -z "$reason" ] || fail "Fedify peer exited $peer_status: $reason"

# The ids the peer used (its last JSON line).
ids=$(grep '^{' "$work/peer.log" | tail -n 1 || true)
field() {
  [ -n "$ids" ] || return 0
  node -e 'const v = JSON.parse(process.argv[1])[process.argv[2]]; if (v) console.log(v)' \
    "$ids" "$1"
}
alice=$(field actor)
note=$(field note)

# Retries a check until it holds or the processing budget, shared by all checks, is spent (the
# inbox works after answering 202).
processing_deadline=$((SECONDS + processing_seconds))
eventually() {
  while true; do
    if "$@"; then return 0; fi
    [ "$SECONDS" -lt "$processing_deadline" ] || return 1
    sleep 0.5
  done
}
follower_listed() {
  cs followers shop >"$work/followers.out" 2>&1 && grep -qF -- "$alice" "$work/followers.out"
}
mention_listed() {
  cs notifications shop >"$work/notifications.out" 2>&1 &&
    grep -F -- "$alice" "$work/notifications.out" | grep -w mention | grep -qF -- "$note"
}

# Each activity was stored (202 means persisted) and handled by an inbox worker: the server's
# debug log has an inbox.processed line for it. Likes of a post that is not Cornerstore's are
# ignored by design, and so is the Undo of such a Like; they are still processed.
processed() {
  grep -F 'inbox.processed' "$work/server.log" | grep -qF -- "activity=$1"
}

if [ -z "$alice" ] || [ -z "$note" ]; then
  fail "no ids from the peer: CLI checks skipped"
else
  for kind in follow create like undo; do
    id=$(field "$kind")
    if eventually processed "$id"; then
      pass "cornerstore processed the $kind $id (server log)"
    else
      fail "no inbox.processed line for the $kind $id in the server log"
    fi
  done
  if eventually follower_listed; then
    pass "cornerstore followers shop lists $alice"
  else
    fail "cornerstore followers shop does not list $alice:"
    sed 's/^/      /' "$work/followers.out"
  fi
  if eventually mention_listed; then
    pass "cornerstore notifications shop shows the mention by $alice in $note"
  else
    fail "cornerstore notifications shop has no mention by $alice of $note:"
    sed 's/^/      /' "$work/notifications.out"
  fi
fi

stop_server
if [ "$failed" -gt 0 ]; then
  echo "== server log: warnings and errors (last 20)"
  grep -E '^[^ ]+ (WARN|ERROR) ' "$work/server.log" | tail -n 20 | sed 's/^/      /' || true
  echo "== server log: last 40 lines"
  tail -n 40 "$work/server.log" | sed 's/^/      /'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
