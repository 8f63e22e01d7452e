#!/usr/bin/env bash
# Soak (not part of CI): the release collector serving the demo app, for SECONDS (default 1800):
#   - synthetic OTLP clients (collector/examples/bench_load soak) at half the collector's capacity
#     as the store grows: a probe (8 clients x 250 batches back to back) at the start, every
#     SOAK_PROBE_EVERY seconds (default 300) and after the run, each setting the rate to half of
#     what it measured (SOAK_RATE=<events/s> fixes the rate; the probes still run); 429s retried
#     after Retry-After; their backlog bounded (2,048 batches out), so a collector slower than the
#     rate makes the clients offer less (counted as unsent, per minute) instead of a debt;
#   - SOAK_TABS (default 3) tabs of the demo app in one headless Debian Chromium clicking through
#     the curated pages (tests/e2e/soak/pages.mjs), their JS heap and wasm memory every minute;
#   - every minute the collector's RSS and /healthz (stored events, admission backlog);
# then: the collector's logged warnings and errors, every acknowledged synthetic event stored
# exactly once (ids), no batch given up on, the clients offering what they scheduled (unsent at
# most 1 %: more is an overload, not a soak), every tab's events stored (its session's rows = its telemetryStats().sent,
# dropped and failed 0; Chromium's console lines for the collector's 429s are counted apart, as
# load shed and retried, not as page errors). Exits non-zero when one of those fails. Loopback only.
# Usage: scripts/soak.sh [SECONDS]   (run scripts/setup.sh and scripts/build-www.sh first)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

SECONDS_TOTAL=${1:-1800}
TABS=${SOAK_TABS:-3}
[ -f www/dist/index.html ] || die "www/dist is missing: run scripts/build-www.sh"
build_collector_bench
BIN=$COLLECTOR_BENCH_DIR/va-rollout-collector
LOAD=$COLLECTOR_BENCH_DIR/examples/bench_load
WORK=$(mktemp -d)
COLLECTOR_PID=
PIDS=()
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  for p in "${PIDS[@]}" "$COLLECTOR_PID"; do
    if [ -n "$p" ]; then kill "$p" 2>/dev/null || true; fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
field() { sed -E "s/.* $2=([^ ]+).*/\1/" <<<"$1"; }

PROBE_EVERY=${SOAK_PROBE_EVERY:-300}
echo "soak: ${SECONDS_TOTAL} s, synthetic clients at ${SOAK_RATE:-half the probed} events/s (probe every $PROBE_EVERY s), $TABS demo tabs"

RUST_LOG=warn start_bench_collector "$BIN" "$WORK/soak" --ingest-rate 0 \
  --static-dir "/=$ROOT/www/dist" --flags-file collector/seed/demo-flags.json
"$LOAD" soak "$COLLECTOR_BASE" "$SECONDS_TOTAL" soak "$PROBE_EVERY" ${SOAK_RATE:+"$SOAK_RATE"} >"$WORK/load.out" 2>"$WORK/load.err" &
PIDS+=($!)
LOAD_PID=$!
node tests/e2e/soak/pages.mjs "$COLLECTOR_BASE" "$SECONDS_TOTAL" "$TABS" >"$WORK/pages.out" 2>"$WORK/pages.err" &
PIDS+=($!)
PAGES_PID=$!

start=$(date +%s)
minute=0
printed=0
while kill -0 "$LOAD_PID" 2>/dev/null || kill -0 "$PAGES_PID" 2>/dev/null; do
  now=$(date +%s)
  if [ $((now - start)) -ge $((minute * 60)) ]; then
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$COLLECTOR_PID/status")
    # /healthz reads the stored rows off the row ids (at once); the timeout is for a stalled collector.
    health=$(curl -sf --max-time 30 "$COLLECTOR_BASE/healthz" || echo '{}')
    echo "minute $minute: collector RSS ${rss} KiB; healthz $health"
    minute=$((minute + 1))
  fi
  lines=$(wc -l <"$WORK/load.out")
  if [ "$lines" -gt "$printed" ]; then
    sed -n "$((printed + 1)),${lines}p" "$WORK/load.out"
    printed=$lines
  fi
  [ $((now - start)) -lt $((SECONDS_TOTAL + 300)) ] || die "soak clients still running 300 s past the end"
  sleep 1
done
wait "$LOAD_PID" || die "load generator failed: $(cat "$WORK/load.err")"
wait "$PAGES_PID" || die "pages failed: $(cat "$WORK/pages.err")"
PIDS=()
grep '"kind":"memory"' "$WORK/pages.out" || true
stop_bench_collector
COLLECTOR_PID=

DB=$WORK/soak/collector.db
sed -n "$((printed + 1)),\$p" "$WORK/load.out" | grep '^load ' || true
load=$(tail -1 "$WORK/load.out")
echo "synthetic clients: $load"
echo "synthetic clients: capacity probed $(grep -o 'capacity_per_s=[0-9]*' "$WORK/load.out" | cut -d= -f2 | paste -sd' ') events/s;" \
  "first $(field "$load" capacity_first), at the end $(field "$load" capacity_end), last rate $(field "$load" target_last)" \
  "($(field "$load" target_over_end_capacity) of the end's capacity); offered $(field "$load" offered_share) of what was scheduled"
acked=$(field "$load" acked_events)
stored=$(sqlite3 "$DB" "SELECT COUNT(*) FROM events WHERE event_id LIKE 'soakx%'")
distinct=$(sqlite3 "$DB" "SELECT COUNT(DISTINCT event_id) FROM events WHERE event_id LIKE 'soakx%'")
echo "synthetic events: acknowledged $acked, stored $stored, distinct ids $distinct"
fail=0
if [ "$acked" != "$stored" ] || [ "$stored" != "$distinct" ]; then
  echo "FAIL: synthetic events not stored exactly once"
  fail=1
fi
[ "$(field "$load" failed)" = 0 ] || { echo "FAIL: synthetic requests failed or timed out"; fail=1; }
[ "$(field "$load" given_up)" = 0 ] || { echo "FAIL: synthetic batches still refused at the end"; fail=1; }
if [ $(( $(field "$load" unsent_batches) * 100 )) -gt "$(field "$load" scheduled_batches)" ]; then
  echo "FAIL: the clients could not offer their rate (unsent $(field "$load" unsent_batches) of $(field "$load" scheduled_batches) batches): an overload, not a soak"
  fail=1
fi
while read -r final; do
  session=$(node -e 'const f = JSON.parse(process.argv[1]); console.log(f.session)' "$final")
  sent=$(node -e 'const f = JSON.parse(process.argv[1]); console.log(f.stats.sent)' "$final")
  lost=$(node -e 'const f = JSON.parse(process.argv[1]); console.log(f.stats.dropped + f.stats.failed + f.stats.pending)' "$final")
  errors=$(node -e 'const f = JSON.parse(process.argv[1]); console.log(f.errors.length + f.clickErrors.length)' "$final")
  shed=$(node -e 'const f = JSON.parse(process.argv[1]); console.log(f.shed)' "$final")
  rows=$(sqlite3 "$DB" "SELECT COUNT(*) FROM events WHERE session_id = '$session'")
  echo "tab: $final"
  echo "tab session $session: sent $sent, stored $rows, dropped+failed+pending $lost, page errors $errors, 429s from the collector (retried) $shed"
  if [ "$rows" != "$sent" ] || [ "$lost" != 0 ] || [ "$errors" != 0 ]; then
    echo "FAIL: tab $session"
    fail=1
  fi
done < <(grep '"kind":"final"' "$WORK/pages.out")
logged=$(grep -c -E 'WARN|ERROR' "$WORK/soak/stderr" || true)
echo "collector warnings/errors logged: $logged"
grep -E 'WARN|ERROR' "$WORK/soak/stderr" | grep -v 'no --admin-token' | head -20 || true
[ "$logged" = 0 ] || fail=1
exit "$fail"
