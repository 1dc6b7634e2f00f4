#!/usr/bin/env bash
# Sync speed: builds a chain of --blocks blocks with market traffic on a single-validator node
# (short timeout_commit, `leasechain load --mix market` offered until the height is reached), then
# --replays times starts a fresh full node that block-syncs it from genesis (one after the other,
# each stopped and removed before the next) and reports, from the full node's RPC height sampled
# every second, the blocks/s and tx/s of each replay and their median. `--replays 0 --keep` only
# builds the chain and keeps it; `--chain DIR` replays the chain of that kept validator home
# (DIR/validator of the kept folder) instead of building one. Everything it starts is stopped
# and its temporary directory removed on exit; every wait has a deadline (--max-minutes overall).
#
#   bench/sync.sh [--blocks N] [--replays 5] [--chain DIR] [--timeout-commit 50ms] [--rate R] [--accounts A] [--max-minutes M] [--keep]
#
# Needs the node jar (./scripts/build.sh) and .tools/bin/cometbft (./scripts/install-cometbft.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="$root/bin/leasechain"
comet="$root/.tools/bin/cometbft"

blocks=10000
replays=5
chain=""
timeout_commit="50ms"
rate=100
accounts=40
max_minutes=150
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --blocks) blocks="$2"; shift 2 ;;
    --replays) replays="$2"; shift 2 ;;
    --chain) chain="$(realpath "$2")"; shift 2 ;;
    --timeout-commit) timeout_commit="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --accounts) accounts="$2"; shift 2 ;;
    --max-minutes) max_minutes="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n 2,14p "$0"; exit 0 ;;
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

# toml_laddr HOME SECTION: the port of SECTION's laddr in HOME's config.toml.
toml_laddr() {
  awk -F'"' -v s="[$2]" '$0 == s {p = 1; next} /^\[/ {p = 0} p && /^laddr/ {print $2; exit}' \
    "$1/config/config.toml" | sed 's#.*:##'
}

# --- the chain: one validator, market traffic until --blocks -------------------------------------
if [ -n "$chain" ]; then
  val="$chain"
  [ -f "$val/config/genesis.json" ] || { echo "sync: $chain is not a node home" >&2; exit 2; }
  val_rpc="$(toml_laddr "$val" rpc)"
  val_p2p="$(toml_laddr "$val" p2p)"
  val_url="http://127.0.0.1:$val_rpc"
else
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
  echo "sync: built $blocks blocks in ${built_seconds}s" >&2
  kill -TERM "$val_pid"
  wait "$val_pid" 2>/dev/null || true
fi

# While the full node syncs, the validator only serves blocks: restarted without empty blocks it
# makes none, so the replay has the machine to itself.
set_toml "$val/config/config.toml" consensus create_empty_blocks false
"$cli" start --home "$val" > "$val/node-2.log" 2>&1 &
pids+=($!)
wait_height "$val_url" "$blocks"

# The txs of blocks 1..$blocks, from the block metas (20 per request).
txs=0
for ((from = 1; from <= blocks; from += 20)); do
  to=$((from + 19 > blocks ? blocks : from + 19))
  n="$(curl -s -m 10 "$val_url/blockchain?minHeight=$from&maxHeight=$to" \
    | jq '[.result.block_metas[].num_txs | tonumber] | add // 0')"
  txs=$((txs + n))
done
echo "sync: the chain has $blocks blocks with $txs txs" >&2

# --- fresh full nodes, one after the other ------------------------------------------------------
val_id="$("$comet" show-node-id --home "$val")"
samples="$work/full-heights.tsv"
: > "$samples"
for ((replay = 1; replay <= replays; replay++)); do
  full="$work/full-$replay"
  read -r full_rpc _ < <(node_home "$full" "full-$replay")
  full_url="http://127.0.0.1:$full_rpc"
  cp "$val/config/genesis.json" "$full/config/genesis.json"
  set_toml "$full/config/config.toml" p2p persistent_peers "\"$val_id@127.0.0.1:$val_p2p\""
  printf '%s\t%s\t%s\n' "$replay" "$(date +%s.%N)" start >> "$samples"
  "$cli" start --home "$full" > "$full/node.log" 2>&1 &
  full_pid=$!
  pids+=("$full_pid")
  while true; do
    h="$(height "$full_url")"
    printf '%s\t%s\t%s\n' "$replay" "$(date +%s.%N)" "$h" >> "$samples"
    [ "$h" -ge "$blocks" ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "sync: replay $replay reached only height $h within --max-minutes $max_minutes" >&2
      exit 1
    fi
    sleep 1
  done
  echo "sync: replay $replay done" >&2
  # Stopped and removed before the next replay, which then has the machine (and the disk) alone.
  kill -TERM "$full_pid"
  wait "$full_pid" 2>/dev/null || true
  kept=()
  for p in "${pids[@]}"; do [ "$p" = "$full_pid" ] || kept+=("$p"); done
  pids=("${kept[@]}")
  [ "$keep" = true ] || rm -rf "$full"
done

if [ "$replays" -eq 0 ]; then
  echo "sync: --replays 0: the chain is built; replay it with --chain $work/validator" >&2
  exit 0
fi
python3 - "$samples" "$blocks" "$txs" "$timeout_commit" "$rate" <<'PY'
import statistics, sys
blocks, txs = int(sys.argv[2]), int(sys.argv[3])
runs = {}
for line in open(sys.argv[1]):
    replay, t, h = line.split()
    runs.setdefault(replay, []).append((float(t), h))
print(f"\nchain: {blocks} blocks, {txs} txs (market mix offered at {sys.argv[5]} tx/s, "
      f"timeout_commit {sys.argv[4]})\n")
print("| replay | replay s (block 1 to last) | blocks/s | tx/s | first block after s | from process start s |")
print("|---|---|---|---|---|---|")
rows = []
for replay, samples in runs.items():
    started = next(t for t, h in samples if h == "start")
    heights = [(t, int(h)) for t, h in samples if h != "start"]
    first = next(t for t, h in heights if h >= 1)
    done = next(t for t, h in heights if h >= blocks)
    rows.append((done - first, first - started, done - started))
    r = rows[-1]
    print(f"| {replay} | {r[0]:.1f} | {blocks / r[0]:.1f} | {txs / r[0]:.0f} | {r[1]:.1f} | {r[2]:.1f} |")
med = statistics.median(r[0] for r in rows)
print(f"| **median of {len(rows)}** | {med:.1f} | **{blocks / med:.1f}** | **{txs / med:.0f}** | "
      f"{statistics.median(r[1] for r in rows):.1f} | {statistics.median(r[2] for r in rows):.1f} |")
PY
