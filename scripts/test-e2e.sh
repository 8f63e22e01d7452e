#!/usr/bin/env bash
# End-to-end suites in headless Debian Chromium (playwright-core) against the real collector:
# every tests/e2e/<suite>/*.test.mjs, one file at a time (node --test). Needs pkg/ (scripts/build.sh).
# Usage: scripts/test-e2e.sh [suite-dir-or-file ...]   (default: all suites)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

section "e2e: building the collector (debug)"
cargo build --locked -p va-rollout-collector
if [ -x "$ROOT/scripts/build-www.sh" ]; then "$ROOT/scripts/build-www.sh"; fi

section "e2e: npm dependencies (the root workspace, which holds tests/e2e/)"
npm_ci_if_changed .

mapfile -t files < <(
  if [ "$#" -gt 0 ]; then
    for a in "$@"; do
      a="$(realpath "$a")"  # node runs from tests/e2e: relative arguments would not resolve there
      if [ -d "$a" ]; then find "$a" -name '*.test.mjs'; else echo "$a"; fi
    done
  else
    find "$ROOT/tests/e2e" -path "$ROOT/tests/e2e/node_modules" -prune -o -name '*.test.mjs' -print
  fi | sort
)
[ "${#files[@]}" -gt 0 ] || die "no e2e test files found"
section "e2e: ${#files[@]} file(s)"
(cd "$ROOT/tests/e2e" && node --test --test-concurrency=1 --test-reporter=spec "${files[@]}")
