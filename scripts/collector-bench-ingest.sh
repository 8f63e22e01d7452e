#!/usr/bin/env bash
# Collector ingest benchmark (release build, loopback, gzip batches of 50 SDK-shaped events):
#   1. capacity: CLIENTS clients × BATCHES batches back to back (collector/examples/bench_load,
#      bodies built before the clock starts): events/s, batches/s, p99 request latency, and the
#      collector process's CPU seconds (user + system, start to drained exit) per 1,000 events
#      stored (robust to load, where events/s is not);
#   2. overload: twice that rate offered for OVERLOAD_SECONDS (open loop, 429s not retried): the
#      429 share, the longest answer, and events stored against events acknowledged (equal, or it
#      fails), plus the admission backlog's peaks from /healthz.
# BASELINE_BIN=<collector binary of another commit> measures step 1 on it too, first, in the same
# run, and prints the ratio. Each step uses a fresh database. Loopback only; bounded in count and
# time. Usage: scripts/collector-bench-ingest.sh (called by scripts/collector-bench.sh).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

CLIENTS=${CLIENTS:-8}
BATCHES=${BATCHES:-2000}
OVERLOAD_SECONDS=${OVERLOAD_SECONDS:-10}
build_collector_bench
BIN=$COLLECTOR_BENCH_DIR/va-rollout-collector
LOAD=$COLLECTOR_BENCH_DIR/examples/bench_load

WORK=$(mktemp -d)
COLLECTOR_PID=
trap 'if [ -n "$COLLECTOR_PID" ]; then kill "$COLLECTOR_PID" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT

# field <line> <key>: the value of key=value in a bench_load summary line.
field() { sed -E "s/.* $2=([^ ]+).*/\1/" <<<"$1"; }

# cpu_ticks <pid>: user + system clock ticks of a running process (/proc/<pid>/stat).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# capacity <bin> <label>: step 1 on <bin>; prints the summary and the collector's CPU per 1,000
# events, and sets RATE (events/s).
capacity() {
  start_bench_collector "$1" "$WORK/$2" --ingest-rate 0
  local line ticks
  line=$("$LOAD" "$COLLECTOR_BASE" "$CLIENTS" "$BATCHES" "$2")
  kill -TERM "$COLLECTOR_PID" 2>/dev/null || true
  # The last reading before the process is reaped (an exited process, state Z, has drained its
  # queue); at most 30 s.
  local state
  for _ in $(seq 600); do
    ticks=$(cpu_ticks "$COLLECTOR_PID" 2>/dev/null || echo "$ticks")
    state=$(awk '{ print $3 }' "/proc/$COLLECTOR_PID/stat" 2>/dev/null || true)
    case "$state" in Z | "") break ;; esac
    sleep 0.05
  done
  stop_bench_collector
  echo "$2: $line"
  echo "$2: collector CPU $(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$(field "$line" acked_events)" \
    'BEGIN { printf "%.2f s, %.4f s per 1,000 events", t / hz, t / hz / n * 1000 }')"
  RATE=$(field "$line" events_per_s)
}

if [ -n "${BASELINE_BIN:-}" ]; then
  capacity "$BASELINE_BIN" baseline
  BASE_RATE=$RATE
fi
capacity "$BIN" capacity
if [ -n "${BASELINE_BIN:-}" ]; then
  echo "capacity ratio: $(awk -v a="$RATE" -v b="$BASE_RATE" 'BEGIN { printf "%.2f", a / b }')x the baseline"
fi

OFFERED=$((2 * ${RATE%.*}))
start_bench_collector "$BIN" "$WORK/overload" --ingest-rate 0
line=$("$LOAD" paced "$COLLECTOR_BASE" "$OVERLOAD_SECONDS" "$OFFERED" overload)
health=$(curl -sf "$COLLECTOR_BASE/healthz")
stop_bench_collector
echo "overload (2x): $line"
ACKED=$(field "$line" acked_events)
STORED=$(sqlite3 "$WORK/overload/collector.db" 'SELECT COUNT(*) FROM events')
echo "overload (2x): 429 share $(field "$line" share_429), longest answer $(field "$line" max_ms) ms, failed $(field "$line" failed); stored $STORED events, acknowledged $ACKED"
echo "overload (2x): admission /healthz $(sed -E 's/.*"ingest":(\{[^}]*\}).*/\1/' <<<"$health")"
[ "$STORED" = "$ACKED" ] || die "stored $STORED events but acknowledged $ACKED"
[ "$(field "$line" failed)" = 0 ] || die "requests failed or timed out"
[ "$(field "$line" no_retry_after)" = 0 ] || die "a 429 without Retry-After"
