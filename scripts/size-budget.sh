#!/usr/bin/env bash
# The size budget (docs/performance.md "Size budget"): builds the flags, flags-routing and all
# variants (scripts/build-variants.sh), measures what a bundler ships of each (scripts/size.sh
# "shipped": minified JS bundle gzip -9 + wasm gzip -9) and checks it against size-budget.json:
#   - fails when a build is over its budget, printing budget, actual, delta and the files that
#     grew against the figures recorded with the budget;
#   - fails when a build is more than the file's "slack" under its budget: lower the budget
#     (SIZE_BUDGET_WRITE=1 rewrites size-budget.json to the measured figures), so it never lags;
#   - fails when a shipped wasm names a machine path (/root/, /home/, .cargo/registry).
# Usage: scripts/size-budget.sh [variants-dir]   (given: check that directory, built earlier by
#        scripts/build-variants.sh, instead of building into target/size-budget/)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

if [ $# -ge 1 ]; then
  OUT="$(cd "$1" && pwd)"
else
  OUT="$ROOT/target/size-budget"
  "$ROOT/scripts/build-variants.sh" "$OUT"
fi
[ -f "$OUT/sizes.json" ] || die "no $OUT/sizes.json (scripts/build-variants.sh writes it)"

section "size budget: machine paths in the shipped wasm"
paths=0
for wasm in "$OUT"/*/bundler/"${WASM_STEM}"_bg.wasm; do
  if hits="$(strings -n 6 "$wasm" | grep -E '/root/|/home/|\.cargo/registry' | sort -u | head -5)" && [ -n "$hits" ]; then
    printf '%s\n' "$hits" | sed 's/^/      /'
    note "FAIL: ${wasm#"$OUT"/} names machine paths (scripts/lib.sh build_wasm remaps them)"
    paths=1
  fi
done
[ "$paths" = 0 ] && note "none"

section "size budget: size-budget.json (gzip -9 of what a bundler ships)"
node "$ROOT/scripts/size-budget.mjs" "$ROOT/size-budget.json" "$OUT/sizes.json" || exit 1
[ "$paths" = 0 ] || die "the shipped wasm names machine paths"
