#!/usr/bin/env bash
# Where the CPU goes in the ingest capacity step: the collector's threads (async workers: HTTP
# and the handlers; the blocking pool: gzip decode and parse; the writer; the syncer) and the
# load generator (its own count of its CPU while it sends, when its build prints it), in CPU
# seconds per 1,000 events stored, from /proc/PID/task/*/stat (user + system) read once the
# generator is done (every batch acknowledged, so committed). The first `nproc` threads named
# tokio-rt-worker are the async workers (tokio starts them first); the later ones the blocking
# pool. A thread that exited before the reading is in "other" (the process total less its
# threads). Loopback, fresh store, bounded; a profile, not a pass/fail test.
# Usage: scripts/collector-cpu-split.sh [COLLECTOR_BIN BENCH_LOAD_BIN] (CLIENTS, BATCHES as in
# scripts/collector-bench-ingest.sh; default: this tree's collector-bench build).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

CLIENTS=${CLIENTS:-8}
BATCHES=${BATCHES:-2000}
if [ -z "${1:-}" ] || [ -z "${2:-}" ]; then build_collector_bench; fi
BIN=${1:-$COLLECTOR_BENCH_DIR/va-rollout-collector}
LOAD=${2:-$COLLECTOR_BENCH_DIR/examples/bench_load}
HZ=$(getconf CLK_TCK)
CORES=$(nproc)

WORK=$(mktemp -d)
COLLECTOR_PID=
trap 'if [ -n "$COLLECTOR_PID" ]; then kill "$COLLECTOR_PID" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT

# ticks <stat file>: its user + system clock ticks (0 once it is gone).
ticks() { { sed -E 's/.*\) //' "$1" 2>/dev/null || true; } | awk '{ print $12 + $13 } END { if (NR == 0) print 0 }'; }

# threads <pid>: "tid comm ticks" per thread, by tid (the comm has no spaces in these processes).
threads() {
  local t
  for t in /proc/"$1"/task/*; do
    [ -r "$t/stat" ] || continue
    printf '%s %s %s\n' "${t##*/}" "$(cat "$t/comm")" "$(ticks "$t/stat")"
  done 2>/dev/null | sort -n
}

start_bench_collector "$BIN" "$WORK/c" --ingest-rate 0
"$LOAD" "$COLLECTOR_BASE" "$CLIENTS" "$BATCHES" split >"$WORK/load" &
LOAD_PID=$!
wait "$LOAD_PID"
line=$(cat "$WORK/load")
# Every batch is acknowledged, so committed: the collector's work is done; read it before it stops.
snapshot=$(threads "$COLLECTOR_PID")
total=$(ticks "/proc/$COLLECTOR_PID/stat")
stop_bench_collector
events=$(sed -E 's/.* acked_events=([^ ]+).*/\1/' <<<"$line")
echo "$line"
awk -v hz="$HZ" -v n="$events" -v cores="$CORES" -v total="$total" '
  NF == 3 { name = $2; if (name ~ /^tokio-(runtime-w|rt-worker)/) { workers++; name = workers <= cores ? "async workers (HTTP, handlers)" : "blocking pool (gzip, parse)" }
    sum[name] += $3; seen += $3 }
  END {
    sum["other (exited threads, main)"] += total - seen
    printf "collector CPU %.2f s for %d events = %.4f s per 1,000 events\n", total / hz, n, total / hz / n * 1000
    for (k in sum) printf "  %-34s %7.2f s  %.4f s per 1,000 events  %5.1f %%\n", k, sum[k] / hz, sum[k] / hz / n * 1000, 100 * sum[k] / total
  }' <<<"$snapshot"
gen=$(sed -nE 's/.* generator_cpu_s=([^ ]+).*/\1/p' <<<"$line")
if [ -n "$gen" ]; then
  awk -v g="$gen" -v n="$events" 'BEGIN { printf "generator (bench_load) CPU while sending %.2f s = %.4f s per 1,000 events\n", g, g / n * 1000 }'
fi
