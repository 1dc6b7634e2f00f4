#!/usr/bin/env bash
# FinalizeBlock + Commit time of a block of 1,000 signed txs against generated states of 1k, 100k
# and 1M leases, with the database size per lease; prints a Markdown table (see BENCHMARKS.md) and,
# on Linux, each size's CPU per block inside FinalizeBlock + Commit by thread.
# Usage: bench/state-size.sh [SIZE...]   (default: 1000 100000 1000000)
# Environment: BENCH_WARMUP (blocks, default 5), BENCH_MAX_WARMUP (warm-up blocks run past
# BENCH_WARMUP until the JIT has settled, default 400), BENCH_BLOCKS (measured, default 10),
# BENCH_DIR (where states are generated, default bench/target/state-size), BENCH_KEEP=true to keep
# them for a rerun, JAVA_OPTS (e.g. -XX:StartFlightRecording=filename=bench.jfr to profile),
# BENCH_SKIP_BUILD=true to reuse bench/target/benchmarks.jar, BENCH_INTERLEAVE=true to open all
# sizes at once and run a block of each in turn (the host's slowdowns then hit every size alike).
# The node's caches are app.toml's defaults unless JAVA_OPTS sets -Dbench.treeCacheMb,
# -Dbench.blockCacheMb or -Dbench.stateCacheMb.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${BENCH_SKIP_BUILD:-false}" != true || ! -f bench/target/benchmarks.jar ]]; then
  mvn -B -q -ntp -pl bench -am package -Pbenchmarks -DskipTests -Dspotless.check.skip=true
fi
sizes=("$@")
if [[ ${#sizes[@]} -eq 0 ]]; then
  sizes=(1000 100000 1000000)
fi
exec java -Xmx4g ${JAVA_OPTS:-} \
  -Dbench.warmup="${BENCH_WARMUP:-5}" -Dbench.maxWarmup="${BENCH_MAX_WARMUP:-400}" \
  -Dbench.blocks="${BENCH_BLOCKS:-10}" \
  -Dbench.keep="${BENCH_KEEP:-false}" -Dbench.interleave="${BENCH_INTERLEAVE:-false}" \
  -cp bench/target/benchmarks.jar io.leasechain.bench.StateSizeReport \
  "${BENCH_DIR:-bench/target/state-size}" "${sizes[@]}"
