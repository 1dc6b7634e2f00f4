#!/usr/bin/env bash
# End to end, side by side on this machine: a single-validator CometBFT kvstore
# (`cometbft start --proxy_app=kvstore`), a single-validator leasechain node and a 4-validator
# leasechain network on loopback, all with the same consensus settings (bench/lib.sh), each driven by
# `leasechain load` at rising rates until its committed tx/s stops rising. Prints one table per
# target and the ratio leasechain/kvstore at saturation. Everything it starts is stopped on exit.
#
#   bench/e2e.sh [--runs N] [--duration SECONDS] [--rates "500 1000 ..."] [--no-4] [--keep]
#
# Needs the node jar (./scripts/build.sh) and .tools/bin/cometbft (./scripts/install-cometbft.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="$root/bin/leasechain"

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

source "$root/bench/lib.sh"
bench_work e2e

results="$work/results.tsv"
: > "$results"

# drive NAME URL MIX HOME PID...: rising rates until the median committed tx/s stops rising (<5%
# above the best so far); one line per run in $results, with the CPU µs per committed tx of each PID
# (the app's JVMs; for kvstore, cometbft itself).
drive() {
  local name="$1" url="$2" mix="$3" home="$4" best=0 rate run
  shift 4
  for rate in $rates; do
    local values=()
    for run in $(seq 1 "$runs"); do
      local row
      row="$(measured_load "$url" "$mix" "$home" "$rate" "$duration" "$work/$name-$rate-$run.json" "$@")"
      if [ -n "$row" ]; then
        printf '%s\t%s\t%s\t%s\n' "$name" "$rate" "$run" "$row" >> "$results"
        values+=("$(cut -f2 <<< "$row")")
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
kv_pid=$!
pids+=("$kv_pid")
wait_height "http://127.0.0.1:$kv_rpc" 2
drive kvstore "http://127.0.0.1:$kv_rpc" kvstore "" "$kv_pid"
stop_all

# --- leasechain, one validator -------------------------------------------------------------------
lc="$work/leasechain"
lc_rpc=$(lc_home "$lc" e2e leasechain-e2e)
lc_dev "$lc"
"$cli" start --home "$lc" > "$lc/node.log" 2>&1 &
lc_pid=$!
pids+=("$lc_pid")
wait_height "http://127.0.0.1:$lc_rpc" 2
drive leasechain "http://127.0.0.1:$lc_rpc" transfers "$lc" "$(app_jvm "$lc_pid")"
stop_all

# --- leasechain, four validators -----------------------------------------------------------------
if [ "$four" = true ]; then
  net="$work/four"
  declare -a rpcs
  for i in 0 1 2 3; do rpcs[$i]=$(lc_home "$net/node$i" "node$i" leasechain-e2e); done
  lc_dev "$net/node0"
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
  jvms=()
  for pid in "${pids[@]}"; do jvms+=("$(app_jvm "$pid")"); done
  drive leasechain-4 "http://127.0.0.1:${rpcs[0]}" transfers "$net/node0" "${jvms[@]}"
  stop_all
fi

# --- table -------------------------------------------------------------------------------------------
python3 - "$results" "$runs" "$duration" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = {}
for name, rate, run, offered, committed, p50, p99, lost, rejected, *cpu in rows:
    # CPU per committed tx of the target's app process; for 4 validators the mean of the four.
    cpu = [float(c) for c in cpu if c]
    by.setdefault((name, int(rate)), []).append(
        (float(offered), float(committed), int(p50), int(p99), int(lost), int(rejected),
         statistics.mean(cpu) if cpu else None))
med = lambda xs: statistics.median(xs)
names = ["kvstore", "leasechain", "leasechain-4"]
print(f"\nruns per rate: {sys.argv[2]} (median shown), {sys.argv[3]} s each")
print("app CPU µs/tx: utime+stime per committed tx over the offering and drain; leasechain: the app's")
print("JVM (cometbft not included), 4 validators: mean of the four JVMs; kvstore: the cometbft process\n")
print("| target | offered tx/s | sent tx/s | committed tx/s | p50 ms | p99 ms | rejected | lost | app CPU µs/tx | runs |")
print("|---|---|---|---|---|---|---|---|---|---|")
sat = {}
for name in names:
    for (n, rate), v in sorted(by.items()):
        if n != name:
            continue
        c = med([x[1] for x in v])
        sat[name] = max(sat.get(name, 0), c)
        cpus = [x[6] for x in v if x[6] is not None]
        cpu = f"{med(cpus):,.0f}" if cpus else "-"
        print(f"| {name} | {rate} | {med([x[0] for x in v]):.0f} | {c:.0f} | {med([x[2] for x in v]):.0f} "
              f"| {med([x[3] for x in v]):.0f} | {sum(x[5] for x in v)} | {sum(x[4] for x in v)} | {cpu} | {len(v)} |")
print()
for name in names:
    if name in sat:
        print(f"saturation {name}: {sat[name]:.0f} tx/s")
for name in ("leasechain", "leasechain-4"):
    if name in sat and sat.get("kvstore"):
        r = sat[name] / sat["kvstore"]
        print(f"ratio {name}/kvstore: {r:.2f} (target >= 0.9: {'met' if r >= 0.9 else 'not met'})")
PY
