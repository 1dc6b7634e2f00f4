#!/usr/bin/env bash
# Sync speed: builds a chain of --blocks blocks with market traffic on a single-validator node
# (short timeout_commit, `leasechain load --mix market` offered until the height is reached), then
# starts a fresh full node that block-syncs it from genesis and reports, from the full node's RPC
# height sampled every second, the blocks/s and tx/s of the replay. Everything it starts is stopped
# and its temporary directory removed on exit; every wait has a deadline (--max-minutes overall).
#
#   bench/sync.sh [--blocks N] [--timeout-commit 50ms] [--rate R] [--accounts A] [--max-minutes M] [--keep]
#
# Needs the node jar (./scripts/build.sh) and .tools/bin/cometbft (./scripts/install-cometbft.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="$root/bin/leasechain"
comet="$root/.tools/bin/cometbft"

blocks=10000
timeout_commit="50ms"
rate=100
accounts=40
max_minutes=90
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --blocks) blocks="$2"; shift 2 ;;
    --timeout-commit) timeout_commit="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --accounts) accounts="$2"; shift 2 ;;
    --max-minutes) max_minutes="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "sync: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
deadline=$(( $(date +%s) + max_minutes * 60 ))

source "$root/bench/lib.sh"
bench_work sync

# node_home DIR MONIKER: a home with its own loopback ports; prints "RPC_PORT P2P_PORT".
node_home() {
  "$cli" init --home "$1" --chain-id leasechain-sync --moniker "$2" > /dev/null
  local config="$1/config/config.toml" rpc p2p
  rpc=$(free_port); p2p=$(free_port)
  set_toml "$config" rpc laddr "\"tcp://127.0.0.1:$rpc\""
  set_toml "$config" p2p laddr "\"tcp://127.0.0.1:$p2p\""
  set_toml "$config" p2p addr_book_strict false
  set_toml "$config" p2p allow_duplicate_ip true
  set_toml "$config" p2p pex false
  set_toml "$config" consensus timeout_commit "\"$timeout_commit\""
  loopback_app "$1"
  echo "$rpc $p2p"
}

height() { # URL: the latest height, or 0 if the node does not answer yet
  local h
  h="$(curl -s -m 2 "$1/status" | jq -r '.result.sync_info.latest_block_height' 2>/dev/null || true)"
  if [ -z "$h" ] || [ "$h" = null ]; then echo 0; else echo "$h"; fi
}

wait_height() { # URL HEIGHT
  while [ "$(height "$1")" -lt "$2" ]; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "sync: $1 did not reach height $2 within --max-minutes $max_minutes" >&2
      exit 1
    fi
    sleep 1
  done
}

# --- the chain: one validator, market traffic until --blocks -------------------------------------
val="$work/validator"
read -r val_rpc val_p2p < <(node_home "$val" validator)
val_url="http://127.0.0.1:$val_rpc"
"$cli" keys add dev --home "$val" --keyring-backend test > /dev/null
"$cli" genesis add-account dev 1000000000000000000ulease --home "$val" --keyring-backend test
# The market mix approves its providers through the council: dev is the whole council.
"$cli" genesis set-council --member dev --threshold 1 --home "$val" --keyring-backend test
# A short challenge window, so the market stories reach their withdrawals.
jq '.app_state.params.proof.challenge_window = "20"' "$val/config/genesis.json" > "$work/genesis.json"
cp "$work/genesis.json" "$val/config/genesis.json"
"$cli" start --home "$val" > "$val/node.log" 2>&1 &
val_pid=$!
pids+=("$val_pid")
wait_height "$val_url" 2

built_from=$(date +%s)
seed=$(( $(date +%s) % 100000 * 100 ))
run=0
while [ "$(height "$val_url")" -lt "$blocks" ]; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "sync: the chain did not reach $blocks blocks within --max-minutes $max_minutes" >&2
    exit 1
  fi
  run=$((run + 1))
  seed=$((seed + 1))
  # Each run funds fresh accounts and registers its providers, then offers the market mix for at
  # most 2 minutes; it is stopped as soon as the chain has its blocks.
  "$cli" load --node "$val_url" --rate "$rate" --duration 120s --mix market --accounts "$accounts" \
    --seed "$seed" --drain 10s -o json --from dev --keyring-backend test --home "$val" \
    > "$work/load-$run.json" 2> "$work/load-$run.err" &
  load_pid=$!
  pids+=("$load_pid")
  while kill -0 "$load_pid" 2>/dev/null && [ "$(height "$val_url")" -lt "$blocks" ] \
      && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 2
  done
  kill -TERM "$load_pid" 2>/dev/null || true
  wait "$load_pid" 2>/dev/null || true
  echo "sync: load run $run done at height $(height "$val_url")" >&2
done
built_seconds=$(( $(date +%s) - built_from ))

# The txs of blocks 1..$blocks, from the block metas (20 per request).
txs=0
for ((from = 1; from <= blocks; from += 20)); do
  to=$((from + 19 > blocks ? blocks : from + 19))
  n="$(curl -s -m 10 "$val_url/blockchain?minHeight=$from&maxHeight=$to" \
    | jq '[.result.block_metas[].num_txs | tonumber] | add // 0')"
  txs=$((txs + n))
done
echo "sync: built $blocks blocks with $txs txs in ${built_seconds}s" >&2

# While the full node syncs, the validator only serves blocks: restarted without empty blocks it
# makes none, so the replay has the machine to itself.
kill -TERM "$val_pid"
wait "$val_pid" 2>/dev/null || true
set_toml "$val/config/config.toml" consensus create_empty_blocks false
"$cli" start --home "$val" > "$val/node-2.log" 2>&1 &
pids+=($!)
wait_height "$val_url" "$blocks"

# --- the fresh full node -------------------------------------------------------------------------
full="$work/full"
read -r full_rpc _ < <(node_home "$full" full)
full_url="http://127.0.0.1:$full_rpc"
cp "$val/config/genesis.json" "$full/config/genesis.json"
val_id="$("$comet" show-node-id --home "$val")"
set_toml "$full/config/config.toml" p2p persistent_peers "\"$val_id@127.0.0.1:$val_p2p\""
samples="$work/full-heights.tsv"
started=$(date +%s.%N)
"$cli" start --home "$full" > "$full/node.log" 2>&1 &
pids+=($!)
while true; do
  h="$(height "$full_url")"
  printf '%s\t%s\n' "$(date +%s.%N)" "$h" >> "$samples"
  [ "$h" -ge "$blocks" ] && break
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "sync: the full node reached only height $h within --max-minutes $max_minutes" >&2
    exit 1
  fi
  sleep 1
done

python3 - "$samples" "$started" "$blocks" "$txs" "$timeout_commit" "$rate" <<'PY'
import sys
samples = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
started, blocks, txs = float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
first = next(t for t, h in samples if h >= 1)
done = next(t for t, h in samples if h >= blocks)
replay = done - first
print(f"\nchain: {blocks} blocks, {txs} txs (market mix offered at {sys.argv[6]} tx/s, "
      f"timeout_commit {sys.argv[5]})")
print(f"full node: first block after {first - started:.1f} s (start-up and handshake), "
      f"height {blocks} after {done - started:.1f} s")
print("\n| blocks | txs | replay s (block 1 to last) | blocks/s | tx/s | from process start s |")
print("|---|---|---|---|---|---|")
print(f"| {blocks} | {txs} | {replay:.1f} | {blocks / replay:.0f} | {txs / replay:.0f} | {done - started:.1f} |")
PY
