#!/usr/bin/env bash
# Benchmarks against the SDKs VA.gov could pick instead (issue 8): size, startup, evaluation,
# telemetry cost and the collector, in one headless Debian Chromium on 127.0.0.1 (no network).
# Prints Markdown tables; writes bench/results/latest.json and latest.md.
# Usage: scripts/bench.sh (no arguments), tuned by the environment:
#   BENCH_LOADS=30                 page loads per SDK for startup (cold and warm each)
#   BENCH_COLLECTOR_EVENTS=1000000 collector events (scripts/collector-bench.sh); 0 skips it
#   BENCH_QUICK=1                  quick run: 10 loads, 100,000 collector events
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

if [ "${BENCH_QUICK:-0}" = 1 ]; then
  export BENCH_LOADS="${BENCH_LOADS:-10}" BENCH_COLLECTOR_EVENTS="${BENCH_COLLECTOR_EVENTS:-100000}"
fi
[ -f pkg/web/va_rollout_bg.wasm ] || { section "bench: pkg/ missing, building it"; ./scripts/build.sh; }

# Ours split by part, when the size work's script exists.
if [ -x scripts/build-variants.sh ]; then
  section "bench: scripts/build-variants.sh bench/results/variants"
  ./scripts/build-variants.sh "$ROOT/bench/results/variants"
  export BENCH_VARIANTS_DIR="$ROOT/bench/results/variants"
fi

section "bench: npm dependencies (the root workspace, which holds bench/ and tests/e2e/)"
npm_ci_if_changed .

section "bench: run (bench/run.mjs)"
node bench/run.mjs
note "wrote bench/results/latest.json and bench/results/latest.md"
