#!/usr/bin/env bash
# Where cometbft's own CPU goes per committed tx: a single-validator CometBFT kvstore and then a
# single-validator leasechain node (the consensus settings of bench/e2e.sh), each driven by
# `leasechain load` at --rate for --duration seconds while cometbft's pprof endpoint (loopback only)
# takes a CPU profile of --seconds from the middle of the run. Prints one markdown table: for each
# area of cometbft (RPC, tx results as JSON, tx indexer, LevelDB compaction, ABCI socket client,
# mempool, consensus, Go runtime) the CPU µs per committed tx, for both apps side by side; the
# profiles are kept in --out for `go tool pprof`. Everything it starts is stopped on exit.
#
#   bench/comet-profile.sh [--rate 1400] [--duration 45] [--seconds 25] [--out bench/target/comet-profile] [--keep]
#
# Needs the node jar (./scripts/build.sh), .tools/bin/cometbft and Go (`go tool pprof`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="$root/bin/leasechain"

rate=1400
duration=45
seconds=25
out="$root/bench/target/comet-profile"
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n 2,11p "$0"; exit 0 ;;
    *) echo "comet-profile: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ $((duration - seconds)) -lt 10 ]; then
  echo "comet-profile: --duration must be at least --seconds + 10 (the profile starts 5 s in)" >&2
  exit 2
fi
mkdir -p "$out"
out="$(realpath "$out")"

source "$root/bench/lib.sh"
bench_work comet-profile

# profile NAME URL PPROF_PORT MIX HOME: one load run at $rate with a CPU profile of $seconds taken
# 5 s after the offering starts (past the load tool's preparation, which `load` reports as done
# before it offers, so the 5 s are counted from the first broadcast seen in cometbft's mempool).
profile() {
  local name="$1" url="$2" pprof="$3" mix="$4" home="$5" taker
  (
    # The load tool funds and pre-signs first; wait until txs arrive, then 5 s more.
    end=$((SECONDS + 300))
    while [ "$SECONDS" -lt "$end" ]; do
      n="$(curl -s -m 2 "$url/num_unconfirmed_txs" | jq -r '.result.total // 0' 2>/dev/null || echo 0)"
      [ "${n:-0}" -gt 100 ] && break
      sleep 0.2
    done
    sleep 5
    curl -s -m $((seconds + 30)) -o "$out/$name.pprof.gz" \
      "http://127.0.0.1:$pprof/debug/pprof/profile?seconds=$seconds"
  ) &
  taker=$!
  pids+=("$taker")
  measured_load "$url" "$mix" "$home" "$rate" "$duration" "$out/$name-load.json" > /dev/null
  wait "$taker" || true
  [ -s "$out/$name.pprof.gz" ] || { echo "comet-profile: no profile for $name" >&2; exit 1; }
}

# with_pprof HOME: cometbft's pprof server on a free loopback port; prints the port.
with_pprof() {
  local port
  port=$(free_port)
  set_toml "$1/config/config.toml" rpc pprof_laddr "\"127.0.0.1:$port\""
  echo "$port"
}

kv="$work/kvstore"
"$comet" init --home "$kv" > /dev/null 2>&1
kv_rpc=$(free_port)
consensus "$kv" "$kv_rpc" "$(free_port)"
kv_pprof=$(with_pprof "$kv")
"$comet" start --proxy_app=kvstore --home "$kv" > "$kv/cometbft.log" 2>&1 &
pids+=($!)
wait_height "http://127.0.0.1:$kv_rpc" 2
profile kvstore "http://127.0.0.1:$kv_rpc" "$kv_pprof" kvstore ""
stop_all

lc="$work/leasechain"
lc_rpc=$(lc_home "$lc" profile leasechain-profile)
lc_dev "$lc"
lc_pprof=$(with_pprof "$lc")
"$cli" start --home "$lc" > "$lc/node.log" 2>&1 &
pids+=($!)
wait_height "http://127.0.0.1:$lc_rpc" 2
profile leasechain "http://127.0.0.1:$lc_rpc" "$lc_pprof" transfers "$lc"
stop_all

for name in kvstore leasechain; do
  go tool pprof -top -cum -nodecount=1000000 "$comet" "$out/$name.pprof.gz" 2> /dev/null \
    > "$out/$name.top.txt"
done
python3 - "$out" "$seconds" "$rate" <<'PY'
import json, re, sys
out, seconds, rate = sys.argv[1], float(sys.argv[2]), sys.argv[3]
# Areas by the cumulative time of the function that owns them (a function's callees included);
# they overlap where one area calls into another (the RPC's JSON inside "RPC, all"), as noted.
areas = [
    ("RPC, all (HTTP, JSON-RPC, broadcast_tx_sync, results)", r"net/http\.\(\*conn\)\.serve$"),
    ("  of which tx results as JSON (block_results)", r"abci/types\.\(\*ExecTxResult\)\.MarshalJSON$"),
    ("  of which broadcast_tx_sync", r"rpc/core\.\(\*Environment\)\.BroadcastTxSync$"),
    ("tx indexer (events' attributes into LevelDB)", r"state/txindex/kv\.\(\*TxIndex\)\.AddBatch$"),
    ("LevelDB compaction (indexer, block and state stores)", r"leveldb\.\(\*DB\)\.compactionTransact$"),
    ("ABCI socket client: flush timer (20 ns throttle)", r"libs/timer\.\(\*ThrottleTimer\)\.fireRoutine$"),
    ("ABCI socket client: reading answers", r"abci/client\.\(\*socketClient\)\.recvResponseRoutine$"),
    ("ABCI socket client: writing requests", r"abci/client\.\(\*socketClient\)\.sendRequestsRoutine$"),
    ("mempool CheckTx", r"mempool\.\(\*CListMempool\)\.CheckTx$"),
    ("consensus state machine", r"consensus\.\(\*State\)\.receiveRoutine$"),
    ("  of which the block's execution (FinalizeBlock, results and block saved)", r"state\.\(\*BlockExecutor\)\.applyBlock$"),
    ("events to subscribers (event bus)", r"types\.\(\*EventBus\)\.PublishEventTx$"),
    ("Go garbage collector", r"runtime\.gcBgMarkWorker$"),
]
def unit(v):
    m = re.fullmatch(r"([0-9.]+)(ms|s|us|µs|min|h)?", v)
    f = {"ms": 1e-3, "s": 1, "us": 1e-6, "µs": 1e-6, "min": 60, "h": 3600, None: 1}[m.group(2)]
    return float(m.group(1)) * f
cols = {}
for name in ("kvstore", "leasechain"):
    text = open(f"{out}/{name}.top.txt").read()
    total = unit(re.search(r"Total samples = (\S+)", text).group(1))
    cum = {}
    for line in text.splitlines():
        f = line.split()
        if len(f) >= 6 and re.fullmatch(r"[0-9.]+(ms|s|us|µs|min|h)?", f[3] or ""):
            cum.setdefault(" ".join(f[5:]), unit(f[3]))
    committed = json.load(open(f"{out}/{name}-load.json"))["committedPerSecond"]
    per_tx = lambda s: round(s / (committed * seconds) * 1e6)
    rows = [per_tx(total)]
    for _, pattern in areas:
        rows.append(per_tx(sum(v for k, v in cum.items() if re.search(pattern, k))))
    cols[name] = (committed, rows)
print(f"\n## cometbft CPU per committed tx, {rate} tx/s offered, {seconds:.0f} s profile\n")
print("| area | kvstore µs/tx | leasechain µs/tx |")
print("|---|---|---|")
print(f"| committed tx/s in the run | {cols['kvstore'][0]:.0f} | {cols['leasechain'][0]:.0f} |")
for i, label in enumerate(["cometbft, all"] + [a[0] for a in areas]):
    print(f"| {label} | {cols['kvstore'][1][i]} | {cols['leasechain'][1][i]} |")
print(f"\nProfiles: {out}/{{kvstore,leasechain}}.pprof.gz (`go tool pprof -top -cum .tools/bin/cometbft FILE`)")
PY
