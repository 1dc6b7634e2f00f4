#!/usr/bin/env bash
# Runs every test: unit and property tests of each module, then the integration suites that start
# real cometbft and node processes on loopback. Installs what is missing first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh" --with-browser
# verify, not test: the integration suites run the node's shaded jar, built in node's package phase.
mvn -B -ntp verify "$@"
# A short coverage-guided fuzzing run of the fuzz targets (their seeds already ran above).
# AbciFrameFuzzTest is left out until its open finding is fixed (docs/reliability.md "Fuzzing"):
# answers to complete frames read together with a too-long frame are dropped when it closes.
"$root/scripts/fuzz.sh" 15 'TxDecodingFuzzTest,MarketFuzzTest,QueryPathFuzzTest,GenesisJsonFuzzTest'
