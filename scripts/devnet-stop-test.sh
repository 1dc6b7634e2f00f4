#!/usr/bin/env bash
# Checks that a devnet stops cleanly on Ctrl-C: runs ./scripts/devnet.sh in a scratch home as a
# terminal would (its own process group), waits for height 2, sends SIGINT to the whole group, and
# expects exit code 0, no process left behind, and no ERROR line (but two of CometBFT's own on
# every stop) or ANSI escape in the output.
# Uses the devnet's fixed ports (26656-26658), so no other devnet may be running.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
log="$scratch/devnet.log"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() {
  echo "devnet-stop-test: FAIL: $*" >&2
  tail -n 30 "$log" >&2
  exit 1
}

# set -m puts the devnet in its own process group with SIGINT not ignored, as in a terminal.
set -m
LEASECHAIN_HOME="$scratch/home" "$root/scripts/devnet.sh" >"$log" 2>&1 &
pid=$!
set +m

deadline=$((SECONDS + 300))
until curl -sf http://127.0.0.1:26657/status 2>/dev/null | grep -q '"latest_block_height":"\([2-9]\|[1-9][0-9]\+\)"'; do
  kill -0 "$pid" 2>/dev/null || fail "the devnet exited before height 2"
  [ "$SECONDS" -lt "$deadline" ] || fail "no height 2 within 300 s"
  sleep 1
done

kill -INT -- "-$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || fail "exit code $status after SIGINT, expected 0"
if pgrep -g "$pid" >/dev/null; then
  fail "processes of the devnet still run after it exited"
fi
# CometBFT v0.38 itself logs these two at error level on every clean stop, as its listeners close.
cometbft_on_stop='Error serving server .*use of closed network connection|Stopped accept routine, as transport is closed'
if grep -n 'ERROR\|^E\[' "$log" | grep -Ev "$cometbft_on_stop"; then
  fail "the log has ERROR lines"
fi
if grep -n $'\e' "$log"; then
  fail "the log has ANSI escapes"
fi
echo "devnet-stop-test: ok (exit 0, no ERROR, no ANSI escape; $(grep -c . "$log") log lines)"
