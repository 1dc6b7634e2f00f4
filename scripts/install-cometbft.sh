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
# CometBFT's go.mod asks for Go 1.22; Go 1.21 and later fetch that toolchain by themselves
# (GOTOOLCHAIN=auto), older ones (Debian bookworm's golang-go is 1.19) fail deep inside the build.
go_minor="$(go env GOVERSION 2>/dev/null | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
if [ -n "$go_minor" ] && [ "$go_minor" -lt 21 ]; then
  echo "install-cometbft: $(go env GOVERSION) is too old; CometBFT $COMETBFT_VERSION needs Go >= 1.21 (from https://go.dev/dl, first on PATH)" >&2
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
