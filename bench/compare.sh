#!/usr/bin/env bash
# Before/after: the same single-validator run for each of several node jars, round robin (round 1
# runs every jar once, then round 2, ...; the interleaving spreads the machine's drift over all jars
# alike). Each run starts a fresh node from its jar (that jar's own `init`, then the consensus
# settings of bench/e2e.sh, loopback ports, a funded dev key), drives it with the current build's
# `leasechain load` (transfers) at --rate for --duration seconds plus the drain, and records offered
# and committed tx/s, p50/p99 latency, lost txs and the CPU time per committed tx of the app's JVM
# and of cometbft, each from utime+stime in /proc/PID/stat over the offering and drain. Prints one
# markdown table: per jar the median of the rounds, and the rounds' min-max of committed tx/s.
# Everything it starts is stopped on exit.
#
#   bench/compare.sh [--rounds 5] [--rate 2000] [--duration 20] [--keep] NAME=JAR...
#
# Needs the current node jar (./scripts/build.sh: the load tool) and .tools/bin/cometbft; jars of
# older commits come from bench/build-at.sh. LEASECHAIN_JAVA_OPTS is passed to every node's JVM.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

rounds=5
rate=2000
duration=20
keep=false
names=()
jars=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n 2,15p "$0"; exit 0 ;;
    *=*)
      names+=("${1%%=*}")
      jars+=("$(realpath "${1#*=}")")
      [ -f "${jars[-1]}" ] || { echo "compare: ${1#*=} is not a file" >&2; exit 2; }
      shift ;;
    *) echo "compare: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ ${#jars[@]} -eq 0 ]; then
  echo "compare: give at least one NAME=JAR (see --help)" >&2
  exit 2
fi

source "$root/bench/lib.sh"
bench_work compare

results="$work/results.tsv"
: > "$results"

# run_jar NAME JAR ROUND: one fresh node from JAR, one measured load run; a line in $results.
run_jar() {
  local name="$1" jar="$2" round="$3" home="$work/$1-$3"
  local row
  jar_node "$home" "$name" "$jar"
  row="$(measured_load "$node_rpc" transfers "$home" "$rate" "$duration" "$work/$name-$round.json" "$node_jvm" "$node_comet")"
  stop_all
  if [ -z "$row" ]; then
    echo "compare: $name round $round: no report (kept in $work if --keep)" >&2
    return 0
  fi
  printf '%s\t%s\t%s\n' "$name" "$round" "$row" >> "$results"
  awk -F'\t' -v n="$name" -v r="$round" '{ printf "compare: round %s %s: committed %.0f tx/s, app %s µs/tx, cometbft %s µs/tx\n", r, n, $2, $7, $8 }' <<< "$row" >&2
  [ "$keep" = true ] || rm -rf "$home"
}

for round in $(seq 1 "$rounds"); do
  for i in "${!jars[@]}"; do
    run_jar "${names[$i]}" "${jars[$i]}" "$round"
  done
done

python3 - "$results" "$rounds" "$rate" "$duration" "${names[@]}" <<'PY'
import statistics, sys
path, rounds, rate, duration, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
by = {}
for l in open(path):
    if l.strip():
        name, _, *v = l.rstrip("\n").split("\t")
        by.setdefault(name, []).append([float(x) if x else None for x in v])
med = lambda i, rs: (statistics.median([r[i] for r in rs if r[i] is not None])
                     if any(r[i] is not None for r in rs) else float("nan"))
print(f"\n{rounds} round(s) at {rate} tx/s offered for {duration} s (+ drain); medians of the rounds;")
print("CPU µs/tx: utime+stime per committed tx over the offering and drain\n")
print("| jar | offered tx/s | committed tx/s | committed min-max | p50 ms | p99 ms | lost (all rounds) | app CPU µs/tx | cometbft CPU µs/tx | rounds |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name in names:
    rs = by.get(name, [])
    if not rs:
        print(f"| {name} | no run finished | | | | | | | | 0 |")
        continue
    c = [r[1] for r in rs]
    print(f"| {name} | {med(0, rs):.0f} | {med(1, rs):.0f} | {min(c):.0f}-{max(c):.0f} | {med(2, rs):.0f} "
          f"| {med(3, rs):.0f} | {sum(int(r[4]) for r in rs)} | {med(6, rs):,.0f} | {med(7, rs):,.0f} | {len(rs)} |")
PY
