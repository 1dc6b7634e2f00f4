#!/usr/bin/env bash
# Writes node/target/leasechain.jsa, the Class Data Sharing archive that bin/leasechain uses for
# client commands (keys, tx, query): the JVM maps the classes those commands load from it instead of
# reading and verifying them from the jar, which roughly halves a command's start-up. The archive is
# recorded from short training runs of such commands in a scratch home; nothing here touches a
# real home or a node. Skipped when the archive is newer than the jar.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/node/target/leasechain.jar"
archive="$root/node/target/leasechain.jsa"

if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
  exit 0
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
home="$scratch/home"
export LEASECHAIN_KEYRING_BACKEND=test

n=0
train() {
  n=$((n + 1))
  # Failures are expected (one query has no node to reach); the classes loaded still count.
  java -XX:DumpLoadedClassList="$scratch/$n.classlist" -jar "$jar" "$@" >/dev/null 2>&1 || true
}
train --help
train keys add train --home "$home"
train keys list --home "$home"
address="$(java -jar "$jar" keys show train -a --home "$home")"
train keys show train --home "$home"
train tx bank send train "$address" 1ulease --offline --sequence 0 --chain-id cds --yes --home "$home"
train tx bank send train "$address" 1ulease --offline --sequence 0 --chain-id cds --yes --home "$home" -o json
train query account "$address" --home "$home" --node http://127.0.0.1:9
# The encrypted file keyring (the default), with a throwaway passphrase: its classes (scrypt,
# AES-GCM, the JCE provider) are part of every real signing command.
printf 'cds-training-only\n' >"$scratch/passphrase"
train keys add filekey --home "$home" --keyring-backend file --passphrase-file "$scratch/passphrase"
train tx bank send filekey "$address" 1ulease --offline --sequence 0 --chain-id cds --yes \
  --home "$home" --keyring-backend file --passphrase-file "$scratch/passphrase"
# A query answered, by a stand-in node (JDK only: java runs the single source file).
java "$root/scripts/CdsTrainingNode.java" >"$scratch/node.port" 2>/dev/null &
node_pid=$!
for _ in $(seq 300); do
  [ -s "$scratch/node.port" ] && break
  sleep 0.1
done
if [ -s "$scratch/node.port" ]; then
  node="http://127.0.0.1:$(cat "$scratch/node.port")"
  train query account "$address" --home "$home" --node "$node"
  train query account "$address" --home "$home" --node "$node" -o json
fi
kill "$node_pid" 2>/dev/null || true
wait "$node_pid" 2>/dev/null || true

# One list, first occurrence of each line kept: the JVM loads the classes in this order at dump time.
cat "$scratch"/*.classlist | awk '!seen[$0]++' >"$scratch/all.classlist"
rm -f "$archive"
# Classes CDS cannot hold (picocli is compiled for Java 5) are skipped with a warning each; the log
# is kept only when the dump itself fails.
if ! java -Xshare:dump -XX:SharedClassListFile="$scratch/all.classlist" \
  -XX:SharedArchiveFile="$archive" -cp "$jar" >"$scratch/dump.log" 2>&1; then
  tail -n 20 "$scratch/dump.log" >&2
  echo "cds-archive: could not write $archive; bin/leasechain works without it, only slower" >&2
  rm -f "$archive"
fi
