#!/usr/bin/env bash
# Collector benchmark (release build): ingest events/s with 8 concurrent clients x 2,000 batches
# of 50 events, then more batches up to 1,000,000 stored events, then the time of /report.json
# and /report over all of them. Loopback only; bounded in count. Usage: scripts/collector-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-8}
BATCHES=${BATCHES:-2000}
TOTAL=${TOTAL:-1000000}
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
build_collector_bench
BIN=$COLLECTOR_BENCH_DIR/va-rollout-collector
LOAD=$COLLECTOR_BENCH_DIR/examples/bench_load
# Ingest capacity and overload (events/s, batches/s, p99, the 429 share at 2x): its own script.
CLIENTS=$CLIENTS BATCHES=$BATCHES "$ROOT/scripts/collector-bench-ingest.sh"

WORK=$(mktemp -d)
PORT_FILE="$WORK/out"
"$BIN" --addr 127.0.0.1:0 --db "$WORK/bench.db" --admin-token bench --ingest-rate 0 --ingest-queue 256 >"$PORT_FILE" 2>"$WORK/err" &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do grep -q listening "$PORT_FILE" 2>/dev/null && break; sleep 0.1; done
BASE=$(head -1 "$PORT_FILE" | awk '{print $NF}')
echo "collector at $BASE (release, db in $WORK)"

"$LOAD" "$BASE" "$CLIENTS" "$BATCHES" a
DONE=$((CLIENTS * BATCHES * 50))
if [ "$DONE" -lt "$TOTAL" ]; then
  REST=$(( (TOTAL - DONE + CLIENTS * 50 - 1) / (CLIENTS * 50) ))
  "$LOAD" "$BASE" "$CLIENTS" "$REST" f >/dev/null
fi
STORED=$(curl -sf "$BASE/healthz" | sed -E 's/.*"events":([0-9]+).*/\1/')
echo "stored events: $STORED"
for path in /report.json /report; do
  T=$(curl -sf -o /dev/null -w '%{time_total}' "$BASE$path")
  echo "GET $path over $STORED events: ${T} s"
done
kill -TERM "$PID"; wait "$PID" || true
