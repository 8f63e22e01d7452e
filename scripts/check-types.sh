#!/usr/bin/env bash
# Type-checks the package's JavaScript (pkg-template/src/*.js, index.js, web/index.js) with
# tsc --noEmit --strict --checkJs against the declarations users compile against
# (pkg-template/index.d.ts, web/index.d.ts): scripts/types/tsconfig.json, with
# scripts/types/api.ts asserting that the wrapper's Rollout class and createRolloutClass satisfy
# the exported declarations, and scripts/types/glue/ standing in for the wasm-bindgen glue that
# scripts/build.sh generates. TypeScript is the root package.json's pinned devDependency
# (scripts/setup.sh installs it). No build needed.
#   scripts/check-types.sh            exit 0 when clean, 1 on any type error
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

TSC="$ROOT/node_modules/.bin/tsc"
[ -x "$TSC" ] || die "no $TSC: run scripts/setup.sh (npm ci at the repository root)"
section "types: tsc $("$TSC" --version | awk '{print $2}') --noEmit --strict --checkJs (scripts/types/tsconfig.json)"
"$TSC" --project scripts/types/tsconfig.json --noEmit --strict --checkJs --pretty false
note "no type errors"
