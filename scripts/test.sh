#!/usr/bin/env bash
# Runs every test: unit and property tests of each module, then the integration suites that start
# real cometbft and node processes on loopback. Installs what is missing first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh" --with-browser
# verify, not test: the integration suites run the node's shaded jar, built in node's package phase.
mvn -B -ntp verify "$@"
# The fuzz targets' seeds and every input that once crashed them ran above as regression tests.
# The timed fuzzing run (scripts/fuzz.sh) is not part of this command yet: its last two runs each
# found a new bug (docs/reliability.md "Fuzzing"), so it would make the suite's verdict random.
