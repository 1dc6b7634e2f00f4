# Shell functions shared by the bench scripts (e2e.sh, compare.sh, overload.sh, sync.sh); sourced
# (not run) after option parsing, with $keep set and $root the project's folder.

comet="$root/.tools/bin/cometbft"

# The consensus settings of every bench run (BENCHMARKS.md, "End to end"); a script may set its own
# timeout_commit before sourcing this file (sync.sh does).
timeout_commit="${timeout_commit:-1s}"
mempool_size=50000
block_max_bytes=22020096 # CometBFT's default (21 MiB)
block_max_gas=-1

pids=()

# running PID: whether the process exists and has not exited (an exited child stays a zombie until
# reaped).
running() {
  local stat
  { read -r stat < "/proc/$1/stat"; } 2> /dev/null || return 1
  stat="${stat##*) }"
  [ "${stat:0:1}" != Z ]
}

# stop_all: stops (TERM) and reaps every process started into $pids; one still running after 30 s
# is killed, with its children (a node's cometbft).
stop_all() {
  local pid end=$((SECONDS + 30))
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    while running "$pid" && [ "$SECONDS" -lt "$end" ]; do sleep 0.2; done
    if running "$pid"; then
      echo "${bench_name:-bench}: pid $pid did not stop within 30 s; killing it" >&2
      pkill -KILL -P "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}

# bench_work NAME: a fresh temporary directory in $work; on exit everything in $pids is stopped and
# the directory removed (kept with keep=true). NAME prefixes the messages.
bench_work() {
  bench_name="$1"
  work="$(mktemp -d "/tmp/leasechain-$1.XXXXXX")"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}
bench_cleanup() {
  stop_all
  if [ "$keep" = false ]; then rm -rf "$work"; else echo "$bench_name: kept $work"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# set_toml FILE SECTION KEY VALUE: sets KEY in [SECTION] ("" for the top) to the TOML VALUE; adds
# the key (and the section) when the file has none, as an older jar's `init` may not write it.
set_toml() {
  local tmp="$1.tmp"
  awk -v s="$2" -v k="$3" -v v="$4" '
    function add() { if (cur == s && !done) { print k " = " v; done = 1 } }
    /^\[/ { add(); cur = substr($0, 2, length($0) - 2) }
    cur == s && $0 ~ "^" k " *=" { if (!done) print k " = " v; done = 1; next }
    { print }
    END { add(); if (!done) { print ""; print "[" s "]"; print k " = " v } }' "$1" > "$tmp" && mv "$tmp" "$1"
}

# loopback_app HOME: the app's ABCI socket on a free loopback port, its gateway and metrics off.
loopback_app() {
  local abci
  abci=$(free_port)
  set_toml "$1/config/config.toml" "" proxy_app "\"tcp://127.0.0.1:$abci\""
  set_toml "$1/config/app.toml" abci address "\"tcp://127.0.0.1:$abci\""
  set_toml "$1/config/app.toml" gateway laddr "\"\""
  set_toml "$1/config/app.toml" metrics laddr "\"\""
}

# consensus HOME RPC_PORT P2P_PORT: the shared consensus settings above, loopback ports.
consensus() {
  local config="$1/config/config.toml"
  set_toml "$config" rpc laddr "\"tcp://127.0.0.1:$2\""
  set_toml "$config" p2p laddr "\"tcp://127.0.0.1:$3\""
  set_toml "$config" consensus timeout_commit "\"$timeout_commit\""
  set_toml "$config" mempool size "$mempool_size"
  set_toml "$config" p2p addr_book_strict false
  set_toml "$config" p2p allow_duplicate_ip true
  local genesis="$1/config/genesis.json"
  jq --arg b "$block_max_bytes" --arg g "$block_max_gas" \
    '.consensus_params.block.max_bytes = $b | .consensus_params.block.max_gas = $g' \
    "$genesis" > "$genesis.tmp" && mv "$genesis.tmp" "$genesis"
}

# wait_height URL HEIGHT: waits (at most 300 s: a JVM starts slowly on a busy machine) until the
# node at URL has made block HEIGHT.
wait_height() {
  local h end=$((SECONDS + 300))
  while [ "$SECONDS" -lt "$end" ]; do
    h="$(curl -s -m 2 "$1/status" | jq -r '.result.sync_info.latest_block_height' 2>/dev/null || true)"
    if [ -n "$h" ] && [ "$h" != null ] && [ "$h" -ge "$2" ]; then return 0; fi
    sleep 0.2
  done
  echo "$bench_name: $1 did not reach height $2 within 300 s" >&2
  return 1
}

# node_cmd: how the lc_* functions below run leasechain (an array; bin/leasechain unless a script
# sets it to an older jar's `java -jar JAR`).
node_cmd=("$root/bin/leasechain")

# lc_home DIR MONIKER CHAIN_ID: a home made by node_cmd's `init`, with the consensus settings and its
# own loopback ports; prints its RPC port.
lc_home() {
  "${node_cmd[@]}" init --home "$1" --chain-id "$3" --moniker "$2" > /dev/null
  local rpc
  rpc=$(free_port)
  consensus "$1" "$rpc" "$(free_port)"
  loopback_app "$1"
  echo "$rpc"
}

# lc_dev HOME: a test-keyring key "dev" in HOME, funded in genesis and the whole council (the load
# tool's funder).
lc_dev() {
  "${node_cmd[@]}" keys add dev --home "$1" --keyring-backend test > /dev/null
  "${node_cmd[@]}" genesis add-account dev 1000000000000ulease --home "$1" --keyring-backend test > /dev/null
  "${node_cmd[@]}" genesis set-council --member dev --threshold 1 --home "$1" --keyring-backend test > /dev/null
}

# jar_node HOME MONIKER JAR: a fresh single-validator node from JAR (its own `init`, the consensus
# settings, a funded dev key), started as `java -jar JAR start` with .tools/bin/cometbft and waited
# for until it made block 2. Sets node_rpc (its RPC URL), node_jvm and node_comet (pids); the node
# is in $pids. LEASECHAIN_JAVA_OPTS is passed to its JVM.
jar_node() {
  local home="$1" jar="$3" pid
  # Client commands on the quick JVM settings bin/leasechain gives them; the node on the defaults.
  node_cmd=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dleasechain.cometbft="$comet" -jar "$jar")
  node_rpc="http://127.0.0.1:$(lc_home "$home" "$2" "leasechain-$bench_name")"
  lc_dev "$home"
  # shellcheck disable=SC2086 # LEASECHAIN_JAVA_OPTS is a list of JVM options
  java ${LEASECHAIN_JAVA_OPTS:-} -Dleasechain.cometbft="$comet" -jar "$jar" start --home "$home" > "$home/node.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  node_jvm="$(app_jvm "$pid")"
  wait_height "$node_rpc" 2
  node_comet="$(comet_of "$node_jvm")"
}

# poll_30s WHAT FUNCTION ARGS...: runs FUNCTION ARGS every 0.1 s until it prints a pid, at most
# 30 s; prints that pid, or fails with "no WHAT".
poll_30s() {
  local what="$1" end=$((SECONDS + 30)) found
  shift
  while [ "$SECONDS" -lt "$end" ]; do
    found="$("$@")"
    if [ -n "$found" ]; then echo "$found"; return 0; fi
    sleep 0.1
  done
  echo "$bench_name: no $what within 30 s" >&2
  return 1
}

# app_jvm PID: the pid of the application's JVM started as PID: PID itself once it runs java (a
# launcher script such as bin/leasechain execs it), else a java process below it.
app_jvm() { poll_30s "java process for pid $1" java_at "$1"; }
java_at() {
  if [ "$(cat "/proc/$1/comm" 2>/dev/null || true)" = java ]; then echo "$1"; return 0; fi
  pgrep -x java -P "$1" 2>/dev/null | head -1 || true
}

# comet_of JVM_PID: the pid of the cometbft that `leasechain start` runs as its child.
comet_of() { poll_30s "cometbft below pid $1" comet_below "$1"; }
comet_below() { pgrep -x cometbft -P "$1" 2>/dev/null | head -1 || true; }

clk_tck="$(getconf CLK_TCK)"

# cpu_ticks PID: the process's CPU time so far (utime + stime, all its threads, in clock ticks).
# Fields after the parenthesised command name, which may hold spaces: state is the 3rd field of
# /proc/PID/stat, utime and stime the 14th and 15th. Bash builtins only, so sampling costs no fork.
cpu_ticks() {
  local stat
  { read -r stat < "/proc/$1/stat"; } 2> /dev/null || return 1
  local -a f=(${stat##*) })
  echo $((f[11] + f[12]))
}

# sample_cpu OUT PID...: every 0.1 s appends "EPOCH_SECONDS TICKS..." for the PIDs to OUT (-1 for
# one that is gone) until it is killed.
sample_cpu() {
  local out="$1" line pid
  shift
  while true; do
    line="$EPOCHREALTIME"
    for pid in "$@"; do line+=" $(cpu_ticks "$pid" || echo -1)"; done
    # Ends by itself once its file is gone (the run's folder removed after an interrupt).
    echo "$line" >> "$out" 2> /dev/null || return 0
    sleep 0.1
  done
}

# measured_load URL MIX HOME RATE DURATION OUT PID...: one `leasechain load` run at RATE tx/s for
# DURATION seconds (drain up to 180 s) against URL (HOME holds the funder key "dev"; "" for the
# kvstore mix) while the PIDs' CPU time is sampled; writes the load report to OUT and prints one
# tab-separated line: offered/s, committed/s, p50 ms, p99 ms, lost, rejected, then per PID the CPU
# µs per committed tx over the offering and drain (the load's own funding and signing left out), or
# nothing if the run failed. The window starts at the report's first broadcast: the report is
# written right as the drain ends (OUT's modification time), elapsedMillis before that.
# $load_connections: broadcasts in flight (default 256; CometBFT serves up to 900 connections).
measured_load() {
  local url="$1" mix="$2" home="$3" rate="$4" duration="$5" out="$6"
  shift 6
  local accounts=$((rate / 4 < 200 ? 200 : (rate / 4 > 4000 ? 4000 : rate / 4)))
  local from=() sampler
  [ "$mix" != kvstore ] && from=(--from dev --keyring-backend test --home "$home")
  # A new seed per run, from the clock: callers run this in a command substitution (a subshell),
  # where a counter's increment would be lost, and a repeated seed repeats the kvstore txs, which
  # CometBFT's cache then refuses as duplicates.
  local seed=$(($(date +%s%N) / 1000 % 1000000000000))
  : > "$out.cpu"
  sample_cpu "$out.cpu" "$@" &
  sampler=$!
  pids+=("$sampler")
  if ! "$root/bin/leasechain" load --node "$url" --rate "$rate" --duration "${duration}s" --mix "$mix" \
      --accounts "$accounts" --connections "${load_connections:-256}" --seed "$seed" --drain 180s -o json "${from[@]}" \
      > "$out" 2> "$out.err"; then
    echo "$bench_name: load at $rate tx/s: $(tail -1 "$out.err")" >&2
  fi
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  local kept=() p
  for p in "${pids[@]}"; do [ "$p" = "$sampler" ] || kept+=("$p"); done
  pids=("${kept[@]}")
  local line="$EPOCHREALTIME" pid
  for pid in "$@"; do line+=" $(cpu_ticks "$pid" || echo -1)"; done
  echo "$line" >> "$out.cpu"
  jq -e .committedPerSecond "$out" > /dev/null 2>&1 || return 0
  python3 - "$out" "$clk_tck" <<'PY'
import json, os, sys
out, tck = sys.argv[1], int(sys.argv[2])
r = json.load(open(out))
start = os.stat(out).st_mtime - r["elapsedMillis"] / 1000
samples = [[float(x) for x in l.split()] for l in open(out + ".cpu") if l.strip()]
before = max((s for s in samples if s[0] <= start), key=lambda s: s[0], default=samples[0])
after = samples[-1]
cols = [r["offeredPerSecond"], r["committedPerSecond"], r["latencyP50Millis"], r["latencyP99Millis"],
        len(r["lost"]), sum(r["rejectedByCode"].values())]
for b, a in zip(before[1:], after[1:]):
    ok = b >= 0 and a >= 0 and r["committed"] > 0
    cols.append(round((a - b) / tck * 1e6 / r["committed"]) if ok else "")
print("\t".join(str(c) for c in cols))
PY
}
