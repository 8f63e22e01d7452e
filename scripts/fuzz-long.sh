#!/usr/bin/env bash
# The parser fuzz targets to an execution count instead of a time (issue 15: ten million runs per
# parser):
#   scripts/fuzz-long.sh                       (10^7 executions per parser target, no time cap)
#   FUZZ_JOBS=2 scripts/fuzz-long.sh           (each target on both cores of an idle machine)
#   scripts/fuzz-long.sh 1000000               (another count)
#   MAX_SECONDS=1800 FUZZ_UNTIL=00:35 scripts/fuzz-long.sh
#       (a target still short of the count after 1800 s, or after its equal share of the time
#        left until 00:35 UTC, stops there and reports the executions it reached)
#   TARGETS="vets_api json" scripts/fuzz-long.sh   (TARGETS=all: the heavy targets too)
# The parser targets are vets_api, flipper, overrides, sm_router, vaos_endpoint, scrubber,
# otlp_decode, ingest and json; the heavy property targets (flipper_eval, otlp_roundtrip,
# ingest_http) are time-based in scripts/fuzz.sh. One target at a time (scripts/fuzz.sh does the
# work and prints the table: executions, execs/s, cov, ft, corpus, what stopped the run,
# crashes). Run it under `nice` on a shared machine.
set -euo pipefail
RUNS="${1:-10000000}"
TARGETS="${TARGETS:-parsers}" FUZZ_RUNS="$RUNS" exec "$(dirname "$0")/fuzz.sh" "${MAX_SECONDS:-0}"
