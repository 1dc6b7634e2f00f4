#!/usr/bin/env bash
# Builds the node jar of any commit, for before/after runs with bench/compare.sh: checks the commit
# out in a temporary git worktree (detached, so no branch is touched), builds the node module and
# what it needs offline without tests, copies node/target/leasechain.jar to OUT and removes the
# worktree again.
#
#   bench/build-at.sh COMMIT OUT.jar
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: bench/build-at.sh COMMIT OUT.jar" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
commit="$(git -C "$root" rev-parse --verify "$1^{commit}")"
out="$(realpath -m "$2")"
tree="$(mktemp -d /tmp/leasechain-build-at.XXXXXX)"
cleanup() {
  git -C "$root" worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
  git -C "$root" worktree prune
}
trap cleanup EXIT
trap 'exit 130' INT TERM
git -C "$root" worktree add --detach --quiet "$tree" "$commit"
(cd "$tree" && mvn -B -o -q -pl node -am package -DskipTests -Dspotless.check.skip=true)
mkdir -p "$(dirname "$out")"
cp "$tree/node/target/leasechain.jar" "$out"
echo "build-at: ${commit:0:7} -> $out"
