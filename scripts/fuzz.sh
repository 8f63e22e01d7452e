#!/usr/bin/env bash
# Builds the cargo-fuzz targets (fuzz/) and runs each one, one after another, for a fixed time:
#   scripts/fuzz.sh [seconds-per-target]          (default 60)
#   TARGETS="flipper ingest" scripts/fuzz.sh 300   (a subset)
# Each run starts from the committed seeds (fuzz/corpus/<target>/) plus what earlier runs found
# (fuzz/target/corpus/<target>/, not committed), single job, -rss_limit_mb=2048. A crash stops that
# target's run; its input is written to fuzz/artifacts/<target>/. Prints a Markdown table:
# target, executions, execs/s, corpus size, crashes. Exit status 1 if any target crashed.
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
# Not part of scripts/test.sh (too slow); the regression tests of its findings are.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT/fuzz"

SECONDS_PER_TARGET="${1:-60}"
ALL_TARGETS="vets_api flipper overrides sm_router vaos_endpoint scrubber otlp_roundtrip otlp_decode ingest"
TARGETS="${TARGETS:-$ALL_TARGETS}"
# Debug assertions and overflow checks on. No sanitizer: both crates forbid unsafe code, and
# without ASan libFuzzer runs several times faster (panics, aborts and stack overflows still crash).
FUZZ_FLAGS=(--debug-assertions --sanitizer none)

command -v cargo-fuzz >/dev/null || die "cargo-fuzz is not installed: cargo install cargo-fuzz --locked"
section "fuzz: build (nightly, cargo-fuzz)" >&2
cargo +nightly fuzz build "${FUZZ_FLAGS[@]}" >&2

LOGS="$ROOT/fuzz/target/fuzz-logs"
mkdir -p "$LOGS"
ROWS=()
FAILED=0
for t in $TARGETS; do
  section "fuzz: $t for ${SECONDS_PER_TARGET}s" >&2
  work="$ROOT/fuzz/target/corpus/$t"
  artifacts="$ROOT/fuzz/artifacts/$t"
  mkdir -p "$work" "$artifacts" "$ROOT/fuzz/corpus/$t"
  before=$(find "$artifacts" -type f | wc -l)
  status=0
  cargo +nightly fuzz run "${FUZZ_FLAGS[@]}" "$t" "$work" "$ROOT/fuzz/corpus/$t" -- \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$LOGS/$t.log" 2>&1 || status=$?
  execs=$(awk '/stat::number_of_executed_units/ { v = $NF } END { print v }' "$LOGS/$t.log")
  rate=$(awk '/stat::average_exec_per_sec/ { v = $NF } END { print v }' "$LOGS/$t.log")
  corpus=$(awk '{ for (i = 1; i < NF; i++) if ($i == "corp:") v = $(i + 1) } END { print v }' "$LOGS/$t.log")
  crashes=$(( $(find "$artifacts" -type f | wc -l) - before ))
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes="run failed (exit $status), see $LOGS/$t.log"; fi
  [ "$status" -ne 0 ] && FAILED=1
  ROWS+=("| \`$t\` | ${execs:-?} | ${rate:-?} | ${corpus:-?} | $crashes |")
  note "$t: ${execs:-?} executions, ${rate:-?}/s, corpus ${corpus:-?}, crashes: $crashes (log: $LOGS/$t.log)" >&2
done

echo
echo "Fuzzing, ${SECONDS_PER_TARGET} s per target, $(date -u +%Y-%m-%d) ($(nproc) cores, single job):"
echo
echo "| target | executions | execs/s | corpus (units/bytes) | crashes |"
echo "| --- | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
exit "$FAILED"
