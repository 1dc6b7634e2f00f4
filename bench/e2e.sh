#!/usr/bin/env bash
# End to end, side by side on this machine: a single-validator CometBFT kvstore
# (`cometbft start --proxy_app=kvstore`), a single-validator leasechain node and a 4-validator
# leasechain network on loopback, all with the same consensus settings (below), each driven by
# `leasechain load` at rising rates until its committed tx/s stops rising. Prints one table per
# target and the ratio leasechain/kvstore at saturation. Everything it starts is stopped on exit.
#
#   bench/e2e.sh [--runs N] [--duration SECONDS] [--rates "500 1000 ..."] [--no-4] [--keep]
#
# Needs the node jar (./scripts/build.sh) and .tools/bin/cometbft (./scripts/install-cometbft.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="$root/bin/leasechain"
comet="$root/.tools/bin/cometbft"

runs=1
duration=10
rates="250 500 1000 2000 4000 8000"
four=true
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --rates) rates="$2"; shift 2 ;;
    --no-4) four=false; shift ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n 2,11p "$0"; exit 0 ;;
    *) echo "e2e: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# The consensus settings both apps run with.
timeout_commit="1s"
mempool_size=50000
block_max_bytes=22020096 # CometBFT's default (21 MiB)
block_max_gas=-1

source "$root/bench/lib.sh"
bench_work e2e

# consensus HOME RPC_PORT P2P_PORT: the shared consensus settings, loopback ports.
consensus() {
  local config="$1/config/config.toml"
  set_toml "$config" rpc laddr "\"tcp://127.0.0.1:$2\""
  set_toml "$config" p2p laddr "\"tcp://127.0.0.1:$3\""
  set_toml "$config" consensus timeout_commit "\"$timeout_commit\""
  set_toml "$config" mempool size "$mempool_size"
  set_toml "$config" p2p addr_book_strict false
  set_toml "$config" p2p allow_duplicate_ip true
  local genesis="$1/config/genesis.json"
  jq --arg b "$block_max_bytes" --arg g "$block_max_gas" \
    '.consensus_params.block.max_bytes = $b | .consensus_params.block.max_gas = $g' \
    "$genesis" > "$genesis.tmp" && mv "$genesis.tmp" "$genesis"
}

wait_height() { # URL HEIGHT
  for _ in $(seq 1 600); do
    h="$(curl -s "$1/status" | jq -r '.result.sync_info.latest_block_height' 2>/dev/null || true)"
    if [ -n "$h" ] && [ "$h" != null ] && [ "$h" -ge "$2" ]; then return 0; fi
    sleep 0.2
  done
  echo "e2e: $1 did not reach height $2" >&2
  return 1
}

seed=$(( $(date +%s) % 100000 * 100 ))
results="$work/results.tsv"
: > "$results"

# drive NAME URL MIX HOME: rising rates until the median committed tx/s stops rising (<5% above
# the best so far); one line per run in $results.
drive() {
  local name="$1" url="$2" mix="$3" home="$4" best=0 rate run
  for rate in $rates; do
    local accounts=$(( rate / 4 < 200 ? 200 : (rate / 4 > 4000 ? 4000 : rate / 4) ))
    local values=()
    for run in $(seq 1 "$runs"); do
      seed=$((seed + 1))
      local out="$work/$name-$rate-$run.json"
      local from=()
      [ "$mix" != kvstore ] && from=(--from dev --keyring-backend test --home "$home")
      if ! "$cli" load --node "$url" --rate "$rate" --duration "${duration}s" --mix "$mix" \
          --accounts "$accounts" --connections 256 --seed "$seed" --drain 180s -o json "${from[@]}" > "$out" 2> "$out.err"; then
        echo "e2e: $name at $rate tx/s: $(tail -1 "$out.err")" >&2
      fi
      if jq -e .committedPerSecond "$out" > /dev/null 2>&1; then
        jq -r --arg n "$name" --arg r "$rate" --arg i "$run" \
          '[$n, $r, $i, .offeredPerSecond, .committedPerSecond, .latencyP50Millis, .latencyP99Millis, (.lost | length), ([.rejectedByCode[]] | add // 0)] | @tsv' \
          "$out" >> "$results"
        values+=("$(jq -r .committedPerSecond "$out")")
      fi
    done
    local median
    median="$(printf '%s\n' "${values[@]:-0}" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')"
    echo "e2e: $name offered $rate tx/s: committed $median tx/s (median of ${#values[@]})" >&2
    if awk -v m="$median" -v b="$best" 'BEGIN { exit !(m < b * 1.05) }'; then
      break
    fi
    best="$median"
  done
}

# --- CometBFT kvstore ----------------------------------------------------------------------------
kv="$work/kvstore"
"$comet" init --home "$kv" > /dev/null 2>&1
kv_rpc=$(free_port)
consensus "$kv" "$kv_rpc" "$(free_port)"
"$comet" start --proxy_app=kvstore --home "$kv" > "$kv/cometbft.log" 2>&1 &
pids+=($!)
wait_height "http://127.0.0.1:$kv_rpc" 2
drive kvstore "http://127.0.0.1:$kv_rpc" kvstore ""
stop_all

# --- leasechain homes ------------------------------------------------------------------------------
# lc_home DIR MONIKER: a home with its own loopback ports; prints its RPC port.
lc_home() {
  "$cli" init --home "$1" --chain-id leasechain-e2e --moniker "$2" > /dev/null
  local rpc
  rpc=$(free_port)
  consensus "$1" "$rpc" "$(free_port)"
  loopback_app "$1"
  echo "$rpc"
}

# --- leasechain, one validator -------------------------------------------------------------------
lc="$work/leasechain"
lc_rpc=$(lc_home "$lc" e2e)
"$cli" keys add dev --home "$lc" --keyring-backend test > /dev/null
"$cli" genesis add-account dev 1000000000000ulease --home "$lc" --keyring-backend test
"$cli" genesis set-council --member dev --threshold 1 --home "$lc" --keyring-backend test
"$cli" start --home "$lc" > "$lc/node.log" 2>&1 &
pids+=($!)
wait_height "http://127.0.0.1:$lc_rpc" 2
drive leasechain "http://127.0.0.1:$lc_rpc" transfers "$lc"
stop_all

# --- leasechain, four validators -----------------------------------------------------------------
if [ "$four" = true ]; then
  net="$work/four"
  declare -a rpcs
  for i in 0 1 2 3; do rpcs[$i]=$(lc_home "$net/node$i" "node$i"); done
  "$cli" keys add dev --home "$net/node0" --keyring-backend test > /dev/null
  "$cli" genesis add-account dev 1000000000000ulease --home "$net/node0" --keyring-backend test
  "$cli" genesis set-council --member dev --threshold 1 --home "$net/node0" --keyring-backend test
  validators='[]'
  peers=()
  for i in 0 1 2 3; do
    key="$net/node$i/config/priv_validator_key.json"
    validators="$(jq --argjson v "$validators" --arg n "node$i" \
      '$v + [{address: .address, pub_key: .pub_key, power: "10", name: $n}]' "$key")"
    id="$("$comet" show-node-id --home "$net/node$i")"
    port="$(awk -F'"' '/^\[p2p\]/ {p = 1} p && /^laddr/ {print $2; exit}' "$net/node$i/config/config.toml" | sed 's#.*:##')"
    peers[$i]="$id@127.0.0.1:$port"
  done
  jq --argjson v "$validators" '.validators = $v' "$net/node0/config/genesis.json" > "$net/genesis.json"
  for i in 0 1 2 3; do
    cp "$net/genesis.json" "$net/node$i/config/genesis.json"
    others="$(printf '%s\n' "${peers[@]}" | grep -v "^${peers[$i]}\$" | paste -sd, -)"
    set_toml "$net/node$i/config/config.toml" p2p persistent_peers "\"$others\""
    set_toml "$net/node$i/config/config.toml" p2p pex false
    "$cli" start --home "$net/node$i" > "$net/node$i/node.log" 2>&1 &
    pids+=($!)
  done
  wait_height "http://127.0.0.1:${rpcs[0]}" 2
  drive leasechain-4 "http://127.0.0.1:${rpcs[0]}" transfers "$net/node0"
  stop_all
fi

# --- table -------------------------------------------------------------------------------------------
python3 - "$results" "$runs" "$duration" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = {}
for name, rate, run, offered, committed, p50, p99, lost, rejected in rows:
    by.setdefault((name, int(rate)), []).append(
        (float(offered), float(committed), int(p50), int(p99), int(lost), int(rejected)))
med = lambda xs: statistics.median(xs)
names = ["kvstore", "leasechain", "leasechain-4"]
print(f"\nruns per rate: {sys.argv[2]} (median shown), {sys.argv[3]} s each\n")
print("| target | offered tx/s | sent tx/s | committed tx/s | p50 ms | p99 ms | rejected | lost | runs |")
print("|---|---|---|---|---|---|---|---|---|")
sat = {}
for name in names:
    for (n, rate), v in sorted(by.items()):
        if n != name:
            continue
        c = med([x[1] for x in v])
        sat[name] = max(sat.get(name, 0), c)
        print(f"| {name} | {rate} | {med([x[0] for x in v]):.0f} | {c:.0f} | {med([x[2] for x in v]):.0f} "
              f"| {med([x[3] for x in v]):.0f} | {sum(x[5] for x in v)} | {sum(x[4] for x in v)} | {len(v)} |")
print()
for name in names:
    if name in sat:
        print(f"saturation {name}: {sat[name]:.0f} tx/s")
for name in ("leasechain", "leasechain-4"):
    if name in sat and sat.get("kvstore"):
        r = sat[name] / sat["kvstore"]
        print(f"ratio {name}/kvstore: {r:.2f} (target >= 0.9: {'met' if r >= 0.9 else 'not met'})")
PY
