#!/usr/bin/env bash
# Runs every test (the README's test command; .ci/run calls only this):
#   1. setup (installs what is missing), lint (scripts/lint.sh)      2. native: cargo test --workspace
#      and the core in each smaller feature set, then the JS shell's pure functions in Node
#      (node --test tests/js, no build: pkg-template/src against the core's fixtures)
#      (the collector's ClickHouse tests run against the real engine, chdb) + the OTLP mapping tests
#   3. build pkg/ + size report + size budget  4. wasm-bindgen-test in headless Chromium, against
#      tests/browser-support/flag-server.mjs  5. npm consumers of the packed tarball (Node, webpack)
#   6. end-to-end suites in Chromium against the real collector (scripts/test-e2e.sh, tests/e2e/)
# Fails fast: the first failing step stops the run.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/lint.sh"

section "test: native (cargo test --workspace)"
cargo test --workspace --locked
section "test: the OTLP → otel_logs mapping against the exporter's rules (python unittest, chdb venv)"
"${VA_ROLLOUT_CHDB_VENV:-$ROOT/.venv-chdb}/bin/python" -m unittest discover -s "$ROOT/tests/clickhouse" -p 'test_*.py'
# The core's feature sets other than the default: flags only and flags + routing (the two
# smaller shipped builds), and flags + telemetry (a build the features allow).
for features in "" routing telemetry; do
  section "test: native core, --no-default-features${features:+ --features $features}"
  cargo test --locked -p va-rollout-core --lib --no-default-features ${features:+--features "$features"}
done

section "test: the JS shell's pure functions against the core's fixtures (node --test tests/js)"
node --test "$ROOT/tests/js/"

"$ROOT/scripts/build.sh"
"$ROOT/scripts/size.sh"
# Builds the flags and flags-routing variants too and fails over (or far under) size-budget.json.
"$ROOT/scripts/size-budget.sh"

section "test: wasm-bindgen-test in headless Chromium"
# The flag server listens on 127.0.0.1 (fixed port, so the wasm tests, which bake the origin in
# at compile time through option_env!("VA_ROLLOUT_FLAG_SERVER"), are not rebuilt every run; any
# free port when that one is taken). It stops on /shutdown, on exit of this script, or when idle.
FLAG_LOG="$(mktemp)"
start_flag_server() {
  VA_ROLLOUT_FLAG_SERVER_PORT="$1" VA_ROLLOUT_FLAG_SERVER_IDLE_S=300 \
    node "$ROOT/tests/browser-support/flag-server.mjs" >"$FLAG_LOG" 2>&1 &
  FLAG_PID=$!
  for _ in $(seq 1 50); do
    grep -q '^LISTENING ' "$FLAG_LOG" && return 0
    kill -0 "$FLAG_PID" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
stop_flag_server() {
  if [ -n "${FLAG_PID:-}" ] && kill -0 "$FLAG_PID" 2>/dev/null; then
    kill "$FLAG_PID" 2>/dev/null || true
    wait "$FLAG_PID" 2>/dev/null || true
  fi
}
trap stop_flag_server EXIT
if ! start_flag_server "${VA_ROLLOUT_FLAG_SERVER_PORT:-$FLAG_SERVER_PORT_DEFAULT}"; then
  note "port ${VA_ROLLOUT_FLAG_SERVER_PORT:-$FLAG_SERVER_PORT_DEFAULT} unavailable; using any free port"
  stop_flag_server
  start_flag_server 0 || { cat "$FLAG_LOG"; die "flag server did not start"; }
fi
FLAG_ORIGIN="$(awk '/^LISTENING /{print $2; exit}' "$FLAG_LOG")"
note "flag server: $FLAG_ORIGIN (pid $FLAG_PID)"
# Chromium flags for chromedriver: tests/browser-support/webdriver.json (goog:chromeOptions.args);
# the runner adds headless/no-sandbox itself. WASM_BINDGEN_USE_BROWSER: every wasm test runs in
# the browser (the shell needs window, fetch, storage).
CHROMEDRIVER="$(command -v chromedriver)" \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/tests/browser-support/webdriver.json" \
WASM_BINDGEN_USE_BROWSER=1 \
WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}" \
VA_ROLLOUT_FLAG_SERVER="$FLAG_ORIGIN" \
  cargo test --locked --target "$WASM_TARGET" -p "$CRATE"
stop_flag_server

TARBALL="$(tarball_path)"
for consumer in consumer-node consumer-webpack consumer-react consumer-react/react17; do
  section "test: tests/$consumer (installs $(basename "$TARBALL"))"
  (
    cd "$ROOT/tests/$consumer"
    rm -rf node_modules/va-rollout
    npm install --no-save --no-audit --no-fund --loglevel=error "$TARBALL"
    npm test
  )
done

"$ROOT/scripts/test-e2e.sh"

section "test: all passed"
