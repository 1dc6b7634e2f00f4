#!/usr/bin/env bash
# Builds the node's runnable jar (node/target/leasechain.jar) without running tests, then the Class
# Data Sharing archive bin/leasechain starts client commands with. Does nothing when both are newer
# than every pom and main source or resource they are built from (the modules `-pl node -am` builds).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar="node/target/leasechain.jar"
modules=(crypto ledger genesis client node)

inputs=(pom.xml .mvn)
for module in "${modules[@]}"; do
  inputs+=("$module/pom.xml" "$module/src/main")
done
if [ ! -f "$jar" ] || [ -n "$(find "${inputs[@]}" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  mvn -q -B -Dstyle.color=never -DskipTests -pl node -am package
fi
"$root/scripts/cds-archive.sh"
