#!/usr/bin/env bash
# One command to a running single-validator devnet: installs what is missing (CometBFT included),
# builds, creates the home (once) with chain id leasechain-devnet, a funded key `dev` and one
# validator, prints the endpoints and runs the node in the foreground. Ctrl-C stops it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="${LEASECHAIN_HOME:-$HOME/.leasechain}"
chain_id="leasechain-devnet"
cli="$root/bin/leasechain"
# The devnet's keys are throwaway: they live in the unencrypted test keyring, named on each command.
test_keys=(--keyring-backend test)

"$root/scripts/setup.sh"
"$root/scripts/build.sh"

if [ ! -f "$home/config/genesis.json" ]; then
  echo "devnet: creating $home"
  "$cli" init --home "$home" --chain-id "$chain_id" --moniker devnet-validator
  "$cli" keys add dev --home "$home" "${test_keys[@]}" >/dev/null
  "$cli" genesis add-account dev 1000000000000ulease --home "$home" "${test_keys[@]}"
  # On a devnet the dev key is the whole council (1 of 1), so it can approve providers itself.
  "$cli" genesis set-council --member dev --threshold 1 --home "$home" "${test_keys[@]}"
  # Devnet blocks every second instead of CometBFT's production pacing.
  sed -i 's/^timeout_commit = .*/timeout_commit = "1s"/' "$home/config/config.toml"
  # The devnet peers with no one: keep p2p on loopback.
  sed -i "s#^laddr = \"tcp://0.0.0.0:26656\"#laddr = \"tcp://127.0.0.1:26656\"#" "$home/config/config.toml"
else
  echo "devnet: reusing $home"
fi

dev_address="$("$cli" keys show dev -a --home "$home" "${test_keys[@]}")"
cat <<INFO

  chain id     $chain_id
  home         $home
  dev key      $dev_address (funded with 1,000,000 LEASE; the 1-of-1 council;
               in the unencrypted test keyring: use it with --keyring-backend test)
  RPC          http://127.0.0.1:26657   (e.g. curl -s 127.0.0.1:26657/status)
  REST         http://127.0.0.1:1317    (e.g. curl -s 127.0.0.1:1317/v1/status; docs/gateway.md)
  explorer     http://127.0.0.1:1317/explorer
  ABCI         tcp://127.0.0.1:26658
  P2P          tcp://127.0.0.1:26656
  metrics      http://127.0.0.1:9464/metrics   (CometBFT's: http://127.0.0.1:26660/metrics)

  try:  bin/leasechain tx bank send dev <address> 1000000ulease --home $home --keyring-backend test --yes
        bin/leasechain query account <address>

INFO
exec "$cli" start --home "$home"
