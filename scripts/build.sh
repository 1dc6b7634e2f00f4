#!/usr/bin/env bash
# Builds the node's runnable jar (node/target/leasechain.jar) without running tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -Dstyle.color=never -DskipTests -pl node -am package
