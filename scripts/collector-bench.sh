#!/usr/bin/env bash
# Collector benchmark: the scale figures of docs/performance-report.md and
# docs/performance-ingest.md from one script (release build; run it niced:
# `nice -n 10 scripts/collector-bench.sh`). Loopback only; bounded in count.
#   ingest  our collector's ingest throughput: CLIENTS concurrent clients x BATCHES batches of
#           50 SDK-shaped events over HTTP to a running collector (events/s) — ingest_throughput.
#   report  per scale of SCALE: the events generated once (examples/bench_gen.rs, in bulk, not
#           over HTTP) into the SQLite store and, from the same rows with the SDK's resent copies
#           (RESENT percent, same event id), into ClickHouse (chdb); then the report over all of
#           them: SQLite (`report --db`; each of its queries on its own, examples/bench_sql.rs),
#           ClickHouse (the report's queries in chdb,
#           tests/clickhouse/bench_report.py) and, up to ORACLE_MAX events, the previous
#           in-memory computation (examples/bench_oracle.rs), whose JSON must equal SQLite's;
#           and a plan guardrail read at the data's end (10-minute windows): `plan check --db`
#           on SQLite, the read's queries (totals, latency) over that window on ClickHouse.
# Usage: scripts/collector-bench.sh                 SCALE="1m 10m", PARTS="ingest report"
#        SCALE=1m PARTS=report scripts/collector-bench.sh   (quick)
# SCALE: counts like 100k, 1m, 10m. REPEAT (3): best of N report runs. Needs .venv-chdb
# (scripts/setup-chdb.sh) for ClickHouse; without it the ClickHouse figures are skipped.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# TOTAL (one count; bench/run.mjs sets it) stands for SCALE.
SCALE=${SCALE:-${TOTAL:-1m 10m}}
PARTS=${PARTS:-ingest report}
CLIENTS=${CLIENTS:-8}
BATCHES=${BATCHES:-2000}
REPEAT=${REPEAT:-3}
RESENT=${RESENT:-3}
ORACLE_MAX=${ORACLE_MAX:-1000000}
PY="${VA_ROLLOUT_CHDB_VENV:-$ROOT/.venv-chdb}/bin/python"
build_collector_bench --example bench_gen --example bench_oracle --example clickhouse_sql --example bench_sql
OUT=$COLLECTOR_BENCH_DIR
BIN=$OUT/va-rollout-collector

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

now_ms() { date +%s%3N; }

# Best of REPEAT runs of a command, in seconds (3 decimals).
best_of() {
  local best='' t0 ms
  for _ in $(seq "$REPEAT"); do
    t0=$(now_ms); "$@" >/dev/null; ms=$(( $(now_ms) - t0 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  printf '%d.%03d' $((best / 1000)) $((best % 1000))
}

# 1m → 1000000, 250k → 250000, 42 → 42.
count_of() {
  case "$1" in
    *m) echo $(( ${1%m} * 1000000 )) ;;
    *k) echo $(( ${1%k} * 1000 )) ;;
    *) echo "$1" ;;
  esac
}

# Our collector's ingest: capacity and 2x overload (events/s, batches/s, p99, the 429 share),
# scripts/collector-bench-ingest.sh.
ingest_throughput() {
  section "ingest: $CLIENTS clients x $BATCHES batches of 50 events over HTTP"
  CLIENTS=$CLIENTS BATCHES=$BATCHES "$ROOT/scripts/collector-bench-ingest.sh"
}

# The plan guardrail read: a plan whose stage has an errors count, a latency p95 and a
# new-vs-base error rate over 10 minutes, evaluated at the last millisecond of bench_gen's
# events (END_MS 2026-01-01T00:00:00Z); its windows are [GUARD_FROM, GUARD_TO).
GUARD_TO=1767225600000
GUARD_FROM=$((GUARD_TO - 1 - 600000))
GUARD_PLAN='id: bench
toggles: [{name: mhv_secure_messaging_curated_list_flow}]
stages: [{name: A, percentage: 5, min_duration: 1h}, {name: B, percentage: 50, min_duration: 1h}]
criteria:
  - {id: errors, metric: errors, aggregation: count, window: 10m, scope: all, op: "<", threshold: 100000, severity: hold}
  - {id: p95, metric: latency_ms, aggregation: p95, window: 10m, scope: all, op: "<", threshold: 60000, severity: rollback}
  - {id: new-rate, metric: errors, aggregation: rate, window: 10m, versus_base: {max_increase: 1.0}, severity: warn}'

guardrail_sqlite() {
  local db="$1" n="$2"
  printf '%s\n' "$GUARD_PLAN" >"$WORK/plan.yaml"
  note "plan check (a guardrail read: 3 criteria, 10-minute windows) over $n events (SQLite): $(best_of "$BIN" plan check "$WORK/plan.yaml" --db "$db" --at $((GUARD_TO - 1))) s (best of $REPEAT)"
  note "report --from/--to over the same 10 minutes (SQLite): $(best_of "$BIN" report --db "$db" --from "$GUARD_FROM" --to "$GUARD_TO") s (best of $REPEAT)"
  "$BIN" plan check "$WORK/plan.yaml" --db "$db" --at $((GUARD_TO - 1)) | sed 's/^/    /'
}

# The report over N generated events on each engine.
report_at() {
  local n db tsv sql_dir chdb
  n=$(count_of "$1")
  db="$WORK/r$1.db"; tsv="$WORK/r$1.tsv"; chdb="$WORK/chdb$1"; sql_dir="$WORK/sql"
  section "report over $1 events ($n, plus ${RESENT}% resent copies)"
  local t0
  t0=$(now_ms)
  note "$("$OUT/examples/bench_gen" "$db" "$tsv" "$n" "$RESENT") (SQLite + TSV in $(( ($(now_ms) - t0) / 1000 )) s)"
  note "SQLite store: $(du -m "$db" | cut -f1) MB"
  note "stored events: $n"
  note "report --format json over $n events (SQLite): $(best_of "$BIN" report --db "$db" --format json) s (best of $REPEAT)"
  note "report --format html over $n events (SQLite): $(best_of "$BIN" report --db "$db" --format html) s (best of $REPEAT)"
  "$OUT/examples/bench_sql" "$db" "$REPEAT" | sed 's/^/    SQLite query /'
  guardrail_sqlite "$db" "$n"
  "$BIN" report --db "$db" --format json >"$WORK/sqlite.json"
  if [ "$n" -le "$ORACLE_MAX" ]; then
    note "SQLite, previous in-memory computation: $("$OUT/examples/bench_oracle" "$db" "$WORK/oracle.json") s"
    if cmp -s "$WORK/sqlite.json" "$WORK/oracle.json"; then note "JSON: SQL engine == in-memory (byte for byte)"
    else die "the SQL engine's report differs from the in-memory one at $1"; fi
  fi
  if [ -x "$PY" ]; then
    "$OUT/examples/clickhouse_sql" "$sql_dir" >/dev/null
    t0=$(now_ms)
    note "ClickHouse (chdb): $("$PY" tests/clickhouse/bench_report.py load "$chdb" "$tsv") in $(( ($(now_ms) - t0) / 1000 )) s"
    "$PY" tests/clickhouse/bench_report.py time "$chdb" "$sql_dir" --repeat "$REPEAT" | sed 's/^/    ClickHouse (chdb) /'
    "$PY" tests/clickhouse/bench_report.py time "$chdb" "$sql_dir" --repeat "$REPEAT" \
      --from-ms "$GUARD_FROM" --to-ms "$GUARD_TO" --only totals,latency \
      | sed 's/^/    ClickHouse (chdb) guardrail read, 10 minutes: /'
    rm -rf "$chdb"
  else
    note "ClickHouse skipped: no $PY (scripts/setup-chdb.sh)"
  fi
  rm -f "$db"* "$tsv"
}

note "collector-bench at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- collector scripts tests/clickhouse || echo '+changes'), $(nproc) cores"
case " $PARTS " in *" ingest "*) ingest_throughput ;; esac
case " $PARTS " in *" report "*) for s in $SCALE; do report_at "$s"; done ;; esac
