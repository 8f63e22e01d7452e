#!/usr/bin/env bash
# The long runs that do not fit the test command (scripts/test.sh): journey 11 with a 5-minute
# outage and a 5-minute overload at 3 clicks a second (E2E_LONG=1, issue 15 item 4). Needs pkg/
# (scripts/build.sh). About 15 minutes.
# Usage: scripts/nightly.sh (no arguments).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

section "nightly: journey 11, 5-minute outage and overload (E2E_LONG=1)"
E2E_LONG=1 "$ROOT/scripts/test-e2e.sh" tests/e2e/journeys/j11-no-loss.test.mjs
