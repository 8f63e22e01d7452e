#!/usr/bin/env bash
# Every fuzz target to an execution count instead of a time (issue 15: ten million runs per parser):
#   scripts/fuzz-long.sh                       (10^7 executions per target, no time cap)
#   scripts/fuzz-long.sh 1000000               (another count)
#   MAX_SECONDS=1800 FUZZ_UNTIL=00:35 scripts/fuzz-long.sh
#       (a target still short of the count after 1800 s, or after its equal share of the time
#        left until 00:35 UTC, stops there and reports the executions it reached)
#   TARGETS="vets_api json" scripts/fuzz-long.sh
# One target at a time, single job (scripts/fuzz.sh does the work and prints the table: executions,
# execs/s, cov, ft, corpus, what stopped the run, crashes). Run it under `nice` on a shared machine;
# a slow target (flipper: hundreds of executions per second) needs hours for 10^7.
set -euo pipefail
RUNS="${1:-10000000}"
FUZZ_RUNS="$RUNS" exec "$(dirname "$0")/fuzz.sh" "${MAX_SECONDS:-0}"
