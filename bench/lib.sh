# Shell functions shared by bench/e2e.sh and bench/sync.sh; sourced (not run) after option parsing,
# with $keep set.

pids=()

# stop_all: stops (TERM) and reaps every process started into $pids.
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
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

# set_toml FILE SECTION KEY VALUE: sets KEY in [SECTION] ("" for the top) to the TOML VALUE.
set_toml() {
  local tmp="$1.tmp"
  awk -v s="$2" -v k="$3" -v v="$4" '
    /^\[/ { cur = substr($0, 2, length($0) - 2) }
    cur == s && $0 ~ "^" k " *=" { print k " = " v; next }
    { print }' "$1" > "$tmp" && mv "$tmp" "$1"
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
