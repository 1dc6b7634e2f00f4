#!/usr/bin/env bash
# Builds the pinned CometBFT from its Go module into .tools/bin (git-ignored).
# Skipped when the binary there already reports the pinned version.
set -euo pipefail
COMETBFT_VERSION="v0.38.25"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
want="${COMETBFT_VERSION#v}"

if [ -x "$bin/cometbft" ] && [ "$("$bin/cometbft" version 2>/dev/null)" = "$want" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "install-cometbft: Go is needed to build CometBFT; install it (e.g. apt-get install golang-go)" >&2
  exit 1
fi
mkdir -p "$bin"
echo "install-cometbft: building cometbft $COMETBFT_VERSION into $bin"
GOBIN="$bin" GOFLAGS="-mod=mod" go install "github.com/cometbft/cometbft/cmd/cometbft@$COMETBFT_VERSION"
got="$("$bin/cometbft" version)"
if [ "$got" != "$want" ]; then
  echo "install-cometbft: built cometbft reports '$got', expected '$want'" >&2
  exit 1
fi
