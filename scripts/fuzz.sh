#!/usr/bin/env bash
# Builds the cargo-fuzz targets (fuzz/) and runs each one, one after another, for a fixed time or
# to a number of executions:
#   scripts/fuzz.sh [seconds-per-target]          (default 60)
#   TARGETS="flipper ingest" scripts/fuzz.sh 300   (a subset; or a group: parsers, heavy, all)
#   FUZZ_RUNS=10000000 scripts/fuzz.sh 0           (each target to 10^7 executions; 0 = no time cap)
#   FUZZ_RUNS=10000000 FUZZ_UNTIL=00:35 scripts/fuzz.sh 1800
#       (at most 1800 s per target, and each target at most an equal share of the time left until
#        00:35 UTC among the targets not run yet: a target stopped by time reports the executions
#        it reached). scripts/fuzz-long.sh is this with FUZZ_RUNS=10000000 and the parser targets.
#   FUZZ_JOBS=2 scripts/fuzz.sh                    (each target on 2 cores: libFuzzer's -fork=2)
# Each run starts from the committed seeds (fuzz/corpus/<seeds>/, below) plus what earlier runs
# found (fuzz/target/corpus/<target>/, not committed), -max_len per target (below),
# -rss_limit_mb=2048. FUZZ_JOBS (default 1, a single libFuzzer process) above 1 runs libFuzzer's
# fork mode: that many worker processes fuzzing short jobs from the shared corpus, their
# executions added up over all workers (for an idle machine; on a shared one the workers only
# take cores from the other jobs). A crash stops that target's run; its input is written to
# fuzz/artifacts/<target>/. Prints a Markdown table:
# target, executions, execs/s, coverage (libFuzzer's cov: and ft: of its last status line), corpus
# size, what stopped the run, crashes. Exit status 1 if any target crashed.
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
# Not part of scripts/test.sh (too slow); the regression tests of its findings are.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT/fuzz"

SECONDS_PER_TARGET="${1:-60}"
RUNS="${FUZZ_RUNS:--1}"
# The parser targets (scripts/fuzz-long.sh runs these to 10^7), then the property targets whose
# cost is not the parser (the full Flipper evaluation cross product, the SDK → collector round
# trip, the whole HTTP + SQLite ingest stack): time-based.
# TARGETS may name these groups: `parsers`, `heavy`, `all` (the default).
PARSER_TARGETS="vets_api flipper overrides sm_router vaos_endpoint scrubber otlp_decode ingest json"
HEAVY_TARGETS="flipper_eval otlp_roundtrip ingest_http"
ALL_TARGETS="$PARSER_TARGETS $HEAVY_TARGETS"
TARGETS="${TARGETS:-all}"
TARGETS="${TARGETS//parsers/$PARSER_TARGETS}"
TARGETS="${TARGETS//heavy/$HEAVY_TARGETS}"
TARGETS="${TARGETS//all/$ALL_TARGETS}"
JOBS="${FUZZ_JOBS:-1}"
# Release build (-O, cargo-fuzz's default) with debug assertions and overflow checks on. No
# sanitizer: both crates forbid unsafe code, and without ASan libFuzzer runs several times faster
# (panics, aborts and stack overflows still crash).
FUZZ_FLAGS=(--debug-assertions --sanitizer none)

# Largest input per target, in bytes, as its format needs (without -max_len libFuzzer takes the
# largest file of the corpus, so a run that found a big unit makes every later run slower):
# 8 KiB where the committed seeds are whole documents of up to 7.2 KB (flag documents, OTLP
# bodies, JSON); 4 KiB for the line formats (scrubber: its 1,024 scanned chars of up to 4 bytes
# each; router paths; overrides; the structured OTLP event).
max_len() {
  case "$1" in
    flipper | flipper_eval | json | otlp_decode | ingest | ingest_http) echo 8192 ;;
    *) echo 4096 ;;
  esac
}

# The committed seeds of a target: a heavy target shares its parser target's input format and seeds.
seeds_of() {
  case "$1" in
    flipper_eval) echo flipper ;;
    ingest_http) echo ingest ;;
    *) echo "$1" ;;
  esac
}

case "$SECONDS_PER_TARGET" in '' | *[!0-9]*) die "seconds per target must be a whole number, got '$SECONDS_PER_TARGET'" ;; esac
case "$RUNS" in -1) ;; '' | *[!0-9]* | 0*) die "FUZZ_RUNS must be a positive whole number, got '$RUNS'" ;; esac
[ "$RUNS" = -1 ] && [ "$SECONDS_PER_TARGET" = 0 ] && die "0 s per target needs FUZZ_RUNS (the run would never end)"
case "$JOBS" in '' | *[!0-9]* | 0*) die "FUZZ_JOBS must be a positive whole number, got '$JOBS'" ;; esac
for t in $TARGETS; do
  case " $ALL_TARGETS " in *" $t "*) ;; *) die "unknown fuzz target '$t' (targets: $ALL_TARGETS)" ;; esac
done
# Fork mode (FUZZ_JOBS > 1): libFuzzer's parent process runs the workers and prints no final
# stats; its status lines (#<executions>: cov: ft: corp: exec/s: <one job's rate>) count every
# worker's executions, and the rate is taken over the parent's run time.
FORK=()
[ "$JOBS" -gt 1 ] && FORK=(-fork="$JOBS")
DEADLINE=""
if [ -n "${FUZZ_UNTIL:-}" ]; then
  DEADLINE=$(date -u -d "$FUZZ_UNTIL" +%s 2>/dev/null) || die "FUZZ_UNTIL must be a UTC time such as 00:35, got '$FUZZ_UNTIL'"
  # A clock time already past today is tomorrow's.
  [ "$DEADLINE" -le "$(date -u +%s)" ] && DEADLINE=$((DEADLINE + 86400))
fi

command -v cargo-fuzz >/dev/null || die "cargo-fuzz is not installed: cargo install cargo-fuzz --locked"
section "fuzz: build (nightly, cargo-fuzz)" >&2
cargo +nightly fuzz build "${FUZZ_FLAGS[@]}" >&2

# The value after `key` in the last line of the log holding it (libFuzzer's status lines).
last_field() {
  awk -v key="$1" '{ for (i = 1; i < NF; i++) if ($i == key) v = $(i + 1) } END { print v }' "$2"
}

LOGS="$ROOT/fuzz/target/fuzz-logs"
mkdir -p "$LOGS"
ROWS=()
FAILED=0
read -r -a TARGET_LIST <<<"$TARGETS"
remaining=${#TARGET_LIST[@]}
for t in "${TARGET_LIST[@]}"; do
  cap="$SECONDS_PER_TARGET"
  if [ -n "$DEADLINE" ]; then
    # An equal share of the time left for each target not run yet (a target that ends early
    # leaves its share to the next ones).
    share=$(( (DEADLINE - $(date -u +%s)) / remaining ))
    remaining=$((remaining - 1))
    if [ "$share" -le 0 ]; then
      ROWS+=("| \`$t\` | not run (deadline passed) | | | | | | |")
      continue
    fi
    if [ "$cap" -eq 0 ] || [ "$share" -lt "$cap" ]; then cap="$share"; fi
  fi
  section "fuzz: $t (runs ${RUNS/#-1/unlimited}, at most ${cap/#0/unlimited} s)" >&2
  work="$ROOT/fuzz/target/corpus/$t"
  artifacts="$ROOT/fuzz/artifacts/$t"
  seeds="$ROOT/fuzz/corpus/$(seeds_of "$t")"
  mkdir -p "$work" "$artifacts" "$seeds"
  before=$(find "$artifacts" -type f | wc -l)
  status=0
  started=$(date +%s)
  cargo +nightly fuzz run "${FUZZ_FLAGS[@]}" "$t" "$work" "$seeds" -- "${FORK[@]}" \
    -runs="$RUNS" -max_total_time="$cap" -max_len="$(max_len "$t")" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$LOGS/$t.log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - started ))
  if [ "$JOBS" -gt 1 ]; then
    execs=$(awk '/^#[0-9]+: cov:/ { v = substr($1, 2, length($1) - 2) } END { print v }' "$LOGS/$t.log")
    # The parent's own run time ("INFO: exiting: <code> time: <n>s"), else the wall clock.
    took=$(awk '/^INFO: exiting:/ { v = $NF; sub(/s$/, "", v) } END { print v }' "$LOGS/$t.log")
    case "$took" in '' | *[!0-9]*) took=$elapsed ;; esac
    rate=$(( ${execs:-0} / (took > 0 ? took : 1) ))
  else
    execs=$(awk '/stat::number_of_executed_units/ { v = $NF } END { print v }' "$LOGS/$t.log")
    rate=$(awk '/stat::average_exec_per_sec/ { v = $NF } END { print v }' "$LOGS/$t.log")
  fi
  cov=$(last_field cov: "$LOGS/$t.log")
  ft=$(last_field ft: "$LOGS/$t.log")
  corpus=$(last_field corp: "$LOGS/$t.log")
  crashes=$(( $(find "$artifacts" -type f | wc -l) - before ))
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes="run failed (exit $status), see $LOGS/$t.log"; fi
  [ "$status" -ne 0 ] && FAILED=1
  # libFuzzer prints "Done N runs" whichever limit ended the run: compare the count.
  if [ "$status" -ne 0 ]; then stopped="crash"
  elif [ "$RUNS" != -1 ] && [ "${execs:-0}" -ge "$RUNS" ]; then stopped="runs reached"
  else stopped="time (${cap} s)"; fi
  ROWS+=("| \`$t\` | ${execs:-?} | ${rate:-?} | ${cov:-?} | ${ft:-?} | ${corpus:-?} | $stopped | $crashes |")
  note "$t: ${execs:-?} executions, ${rate:-?}/s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corpus:-?}, stopped by $stopped, crashes: $crashes (log: $LOGS/$t.log)" >&2
done

echo
how="single job"
[ "$JOBS" -gt 1 ] && how="-fork=$JOBS, executions over all workers"
if [ "$RUNS" = -1 ]; then
  echo "Fuzzing, ${SECONDS_PER_TARGET} s per target, $(date -u +%Y-%m-%d) ($(nproc) cores, $how):"
else
  echo "Fuzzing to $RUNS executions per target (time cap ${SECONDS_PER_TARGET/#0/none}${FUZZ_UNTIL:+, none past $FUZZ_UNTIL UTC}), $(date -u +%Y-%m-%d) ($(nproc) cores, $how):"
fi
echo
echo "| target | executions | execs/s | cov | ft | corpus (units/bytes) | stopped by | crashes |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
printf '%s\n' "${ROWS[@]}"
exit "$FAILED"
