#!/usr/bin/env bash
# Overload check (issue 10): a fresh single-validator node (as in bench/compare.sh) loaded with
# `leasechain load` (transfers) at --rate, meant to be twice the measured saturation, for --duration
# seconds plus a drain of up to 180 s. Every second it samples the app JVM's RSS and heap in use
# (jstat), cometbft's RSS, the mempool's size and the latest height. Afterwards it reads the block
# headers of the run and prints a verdict per criterion:
#   - no stalls: no interval between consecutive block times above 3 x timeout_commit;
#   - no recheck timeouts: no recheck or timeout lines in the node's log (cometbft's included);
#   - memory bounded: RSS in the last third of the load not above the middle third's max by > 10 %;
#   - nothing lost: every tx broadcast_tx_sync acknowledged was committed (a mempool-full refusal is
#     a refusal at the door, counted by code, not a loss).
# Everything it starts is stopped on exit. Exits 1 if a criterion failed.
#
#   bench/overload.sh [--rate 4000] [--duration 120] [--connections 256] [--jar node/target/leasechain.jar] [--keep]
#
# Needs the current node jar (./scripts/build.sh: the load tool), .tools/bin/cometbft and jstat.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

rate=4000
duration=120
jar="$root/node/target/leasechain.jar"
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate="$2"; shift 2 ;;
    --connections) load_connections="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --jar) jar="$(realpath "$2")"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n 2,16p "$0"; exit 0 ;;
    *) echo "overload: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

source "$root/bench/lib.sh"
bench_work overload
trap 'echo "overload: failed at line $LINENO" >&2' ERR

home="$work/node"
jar_node "$home" overload "$jar"
echo "overload: node up (app pid $node_jvm, cometbft pid $node_comet); $rate tx/s for $duration s" >&2

# The heap in use, once a second, from one jstat for the whole run (a jcmd a second would cost a JVM
# start each time); each line stamped with the wall clock.
jstat -gc "$node_jvm" 1000 > >(while read -r l; do echo "$EPOCHREALTIME $l"; done > "$work/heap.txt") &
pids+=($!)

rss_kb() { # PID: resident set size in kB, or -1 once the process is gone
  local key value rest
  while read -r key value rest; do
    if [ "$key" = VmRSS: ]; then echo "$value"; return; fi
  done 2> /dev/null < "/proc/$1/status"
  echo -1
}
sample() { # once a second: time, app RSS kB, cometbft RSS kB, mempool txs, latest height
  while true; do
    local t="$EPOCHREALTIME" mempool height
    mempool="$(curl -s -m 1 "$node_rpc/num_unconfirmed_txs?limit=1" | jq -r '.result.total // -1' 2> /dev/null || echo -1)"
    height="$(curl -s -m 1 "$node_rpc/status" | jq -r '.result.sync_info.latest_block_height // -1' 2> /dev/null || echo -1)"
    echo "$t $(rss_kb "$node_jvm") $(rss_kb "$node_comet") ${mempool:--1} ${height:--1}" >> "$work/samples.txt" 2> /dev/null || return 0
    sleep 1
  done
}
sample &
pids+=($!)

row="$(measured_load "$node_rpc" transfers "$home" "$rate" "$duration" "$work/load.json" "$node_jvm" "$node_comet")"
[ -n "$row" ] || { echo "overload: the load tool gave no report: $(tail -3 "$work/load.json.err")" >&2; exit 1; }
sleep 2 # a last block and sample after the drain
final="$(awk '$5 > h { h = $5 } END { print h + 0 }' "$work/samples.txt")"

# Block headers from the height at the start of the load to the end, 20 per /blockchain call.
start_height="$(python3 - "$work" <<'PY'
import json, os, sys
w = sys.argv[1]
r = json.load(open(f"{w}/load.json"))
start = os.stat(f"{w}/load.json").st_mtime - r["elapsedMillis"] / 1000
rows = [l.split() for l in open(f"{w}/samples.txt")]
before = [int(x[4]) for x in rows if float(x[0]) <= start and int(x[4]) > 0]
print(before[-1] if before else r["firstHeight"])
PY
)"
: > "$work/blocks.txt"
for ((lo = start_height; lo <= final; lo += 20)); do
  hi=$((lo + 19 < final ? lo + 19 : final))
  for _ in 1 2 3; do # a busy node may not answer within the time limit at once
    if curl -s -m 20 "$node_rpc/blockchain?minHeight=$lo&maxHeight=$hi" > "$work/page.json" \
        && jq -r '.result.block_metas[] | "\(.header.height) \(.header.time) \(.num_txs)"' "$work/page.json" >> "$work/blocks.txt"; then
      break
    fi
  done
done

trap - ERR # a failed criterion is the verdict, not a failure of the script
set +e
python3 - "$work" "$timeout_commit" "$rate" "$duration" "$row" "$home/node.log" <<'PY'
import collections, datetime, json, os, re, statistics, sys
w, tc, rate, duration, row, log = sys.argv[1:]
tc_s = float(re.match(r"([\d.]+)", tc).group(1)) * (0.001 if tc.endswith("ms") else 1)
r = json.load(open(f"{w}/load.json"))
start = os.stat(f"{w}/load.json").st_mtime - r["elapsedMillis"] / 1000
offer_end = start + r["offerMillis"] / 1000
samples = [[float(x) for x in l.split()] for l in open(f"{w}/samples.txt") if l.strip()]
failed = []

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else float("nan")

print(f"\n## Overload: {rate} tx/s offered for {duration} s, timeout_commit {tc}\n")
cpu = row.split("\t")
print(f"load: offered {r['offeredPerSecond']:.0f} tx/s ({r['offered']} txs), acknowledged {r['acknowledged']}, "
      f"committed {r['committed']} ({r['committedPerSecond']:.0f} tx/s), p50 {r['latencyP50Millis']} ms, "
      f"p99 {r['latencyP99Millis']} ms; CPU per committed tx: app {cpu[6]} µs, cometbft {cpu[7]} µs")
print(f"CheckTx refusals by code: {json.dumps(r['rejectedByCode'])}; transport errors {r['transportErrors']}, "
      f"not sent {r['skipped']}; failed in blocks by code: {json.dumps(r['failedByCode'])}")

# Blocks: intervals between consecutive block times, heights per second.
def ts(t):  # RFC 3339 with nanoseconds
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z", t)
    base = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return base.timestamp() + (int((m.group(2) or "0")[:9].ljust(9, "0")) / 1e9)
blocks = sorted({int(h): (ts(t), int(n)) for h, t, n in (l.split() for l in open(f"{w}/blocks.txt") if l.strip())}.items())
gaps = [b[1][0] - a[1][0] for a, b in zip(blocks, blocks[1:])]
if gaps:
    worst = max(range(len(gaps)), key=lambda i: gaps[i])
    span = blocks[-1][1][0] - blocks[0][1][0]
    print(f"blocks {blocks[0][0]}-{blocks[-1][0]}: interval median {statistics.median(gaps):.2f} s, "
          f"p99 {pct(gaps, 0.99):.2f} s, max {gaps[worst]:.2f} s (before height {blocks[worst + 1][0]}, "
          f"{blocks[worst + 1][1][1]} txs); {len(gaps) / span:.2f} heights/s; "
          f"largest block {max(n for _, (_, n) in blocks)} txs")
    stalls = [g for g in gaps if g > 3 * tc_s]
    ok = not stalls
    print(f"- stalls (interval > {3 * tc_s:g} s): {len(stalls)} -> {'PASS' if ok else 'FAIL'}")
else:
    ok = False
    print("- stalls: no blocks read -> FAIL")
failed += [] if ok else ["stalls"]

# The node's log holds cometbft's too. Recheck: CometBFT 0.38's messages (mempool/clist_mempool.go)
# for a recheck that did not finish before its timeout or answers that came too late. Timeouts:
# any timeout line except the TimeoutTicker's start and consensus's "Timed out ... step=
# RoundStepNewHeight", which is timeout_commit ending, as it does at every height; a "Timed out"
# in Propose or a Wait step means a round that did not go through at once.
recheck_re = re.compile(r"timed out waiting for recheck responses|not all txs were rechecked|"
                        r"discard late recheck response|still rechecking", re.I)
timeout_re = re.compile(r"timed? ?out|timeout", re.I)
rechecks, timeouts, steps = [], [], collections.Counter()
for l in open(log, errors="replace"):
    if recheck_re.search(l):
        rechecks.append(l)
    elif timeout_re.search(l) and "TimeoutTicker" not in l and "step=RoundStepNewHeight" not in l:
        timeouts.append(l)
        m = re.search(r"step=(\w+)", l)
        steps[m.group(1) if m else "other"] += 1
ok = not rechecks and not timeouts
print(f"- recheck timeouts in the log: {len(rechecks)}; other timeouts: {len(timeouts)}"
      + (f" ({', '.join(f'{k} {v}' for k, v in sorted(steps.items()))})" if steps else "")
      + f" -> {'PASS' if ok else 'FAIL'}")
for l in (rechecks + timeouts)[:5]:
    print(f"    {l.strip()[:160]}")
failed += [] if ok else ["log"]

# Memory: the offering window in thirds.
during = [s for s in samples if start <= s[0] <= offer_end]
heap = []
lines = [l.split() for l in open(f"{w}/heap.txt") if l.strip()]
if lines:
    head = lines[0][1:]
    for l in lines[1:]:
        if l[1].replace(".", "").isdigit() and start <= float(l[0]) <= offer_end:
            v = dict(zip(head, map(float, l[1:])))
            heap.append(sum(v.get(k, 0) for k in ("S0U", "S1U", "EU", "OU")) / 1024)
def thirds(xs):
    n = len(xs) // 3
    return xs[:n], xs[n:2 * n], xs[2 * n:]
mb = lambda kb: kb / 1024
mem_ok = len(during) >= 6
for name, col in (("app RSS", 1), ("cometbft RSS", 2)):
    xs = [mb(s[col]) for s in during if s[col] > 0]
    if len(xs) < 6:
        print(f"- memory bounded, {name}: only {len(xs)} samples during the load -> FAIL")
        mem_ok = False
        continue
    a, b, c = thirds(xs)
    ok = max(c) <= 1.1 * max(b)
    mem_ok &= ok
    print(f"- memory bounded, {name}: max per third {max(a):.0f} / {max(b):.0f} / {max(c):.0f} MB "
          f"(last {100 * (max(c) / max(b) - 1):+.1f} % on the middle) -> {'PASS' if ok else 'FAIL'}")
if len(heap) >= 6:
    a, b, c = thirds(heap)
    print(f"  app heap in use (jstat, not a criterion: it saws with GC): max per third "
          f"{max(a):.0f} / {max(b):.0f} / {max(c):.0f} MB, min of the last third {min(c):.0f} MB")
failed += [] if mem_ok else ["memory"]
mp = [int(s[3]) for s in during if s[3] >= 0]
if mp:
    print(f"  mempool during the load: median {statistics.median(mp):.0f}, max {max(mp)} txs")

lost = r["lost"]
ok = not lost
print(f"- lost (acknowledged, never committed): {len(lost)} -> {'PASS' if ok else 'FAIL'}"
      + (f"; first: {', '.join(lost[:3])}" if lost else ""))
failed += [] if ok else ["lost"]
print(f"\nverdict: {'all criteria met' if not failed else 'FAILED: ' + ', '.join(failed)}")
sys.exit(1 if failed else 0)
PY
status=$?
set -e
exit "$status"
