#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of every @FuzzTest class: tx decoding and ante checks, message
# execution on a populated market, query paths (ABCI router and REST gateway), ABCI framing and
# genesis JSON. Each target runs in its own JVM (Jazzer fuzzes one test per JVM) for SECONDS.
# A crash fails the run and leaves the input under src/test/resources/.../<Class>Inputs/<method>/,
# where `mvn verify` replays it as a regression test from then on. docs/reliability.md "Fuzzing".
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TEST_CLASSES]     e.g. scripts/fuzz.sh 3600 MarketFuzzTest
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The CI budget: five targets at 15 s stay under two minutes of fuzzing in ./scripts/test.sh.
seconds="${1:-15}"
tests="${2:-*FuzzTest}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# jazzer.internal.arg.N are the libFuzzer arguments Jazzer's JUnit integration appends last, the
# way its own command line passes them: -max_total_time overrides each test's maxDuration.
status=0
JAZZER_FUZZ=1 mvn -B -ntp test -pl ledger,genesis,node -am \
  -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false -DreuseForks=false \
  -Dspotless.check.skip=true \
  -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
  -Djazzer.internal.arg.2=-print_final_stats=1 >"$log" 2>&1 || status=$?

# One line per target: what ran, for how long, how many inputs, the coverage reached.
grep -E '^\[INFO\] Running io\.leasechain\.|^(#[0-9]+[[:space:]]+DONE|Done [0-9]+ runs)|^stat::(number_of_executed_units|new_units_added)|^== Java Exception|^\[ERROR\] (Tests run|Failures)' "$log" || true
if [ "$status" -ne 0 ]; then
  tail -n 200 "$log"
  echo "fuzzing failed (exit $status); crashing inputs are under src/test/resources/**/*Inputs/" >&2
fi
exit "$status"
