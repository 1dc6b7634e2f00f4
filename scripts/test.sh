#!/usr/bin/env bash
# Runs every test: unit and property tests of each module, then the integration suites that start
# real cometbft and node processes on loopback. Installs what is missing first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh" --with-browser
# verify, not test: the integration suites run the node's shaded jar, built in node's package phase.
mvn -B -ntp verify "$@"
# A short coverage-guided fuzzing run of every fuzz target, 15 s each (their seeds and every input
# that once crashed them already ran above as regression tests); a finding fails the suite.
"$root/scripts/fuzz.sh"
