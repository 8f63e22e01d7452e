#!/usr/bin/env bash
# Static checks; fails on the first finding (scripts/test.sh runs it right after setup):
#   1. formatting: cargo fmt --all --check (workspace) and the fuzz crate's own workspace
#   2. clippy -D warnings: the core natively (with its tests, and the library alone, as the wasm
#      crate builds it: without the `serde` feature) and the wasm crate for wasm32, each in every
#      feature set (default, flags only, + routing, + telemetry), with no serde and no
#      wasm-bindgen-futures in the wasm crate's dependencies; the collector; the fuzz crate
#   3. tsc of the JS wrapper (scripts/check-types.sh), shellcheck (scripts/check-shell.sh),
#      dead links in docs (scripts/check-docs.mjs) and that checker's own tests, the size budget
#      checker's tests (scripts/size-budget.test.mjs)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

section "lint: cargo fmt --check (workspace, fuzz/)"
cargo fmt --all --check
(cd "$ROOT/fuzz" && cargo fmt --check)

for features in "" "--no-default-features" "--no-default-features --features routing" \
  "--no-default-features --features telemetry"; do
  section "lint: clippy va-rollout-core ${features:-(default features)}"
  # shellcheck disable=SC2086
  cargo clippy --locked -p va-rollout-core --all-targets $features -- -D warnings
  # --all-targets builds the library with the tests' `serde` feature; the wasm crate builds it
  # without, so lint that library too.
  section "lint: clippy va-rollout-core --lib ${features:-(default features)}, without serde"
  # shellcheck disable=SC2086
  cargo clippy --locked -p va-rollout-core --lib $features -- -D warnings
  # shellcheck disable=SC2086
  if cargo tree --locked -p "$CRATE" --target "$WASM_TARGET" -e normal --prefix none $features |
    grep -q '^serde'; then
    die "serde is in the wasm crate's dependencies (${features:-default features}): the shipped module compiles no serde (docs/performance.md \"Size\")"
  fi
  # shellcheck disable=SC2086
  if cargo tree --locked -p "$CRATE" --target "$WASM_TARGET" -e normal --prefix none $features |
    grep -q '^wasm-bindgen-futures'; then
    die "wasm-bindgen-futures is in the wasm crate's dependencies (${features:-default features}): the shell settles promises by callback (browser::promise::settled), the shipped module has no async executor (docs/performance.md \"Size\")"
  fi
  section "lint: clippy va-rollout (wasm32) ${features:-(default features)}"
  # shellcheck disable=SC2086
  cargo clippy --locked -p "$CRATE" --target "$WASM_TARGET" --all-targets $features -- -D warnings
done

section "lint: clippy va-rollout-collector"
cargo clippy --locked -p va-rollout-collector --all-targets -- -D warnings
# fuzz/ is its own workspace (cargo-fuzz); nothing else builds it, so a change to the core or the
# collector that breaks a fuzz target is caught here, not at the next fuzzing run.
section "lint: clippy of the fuzz crate (fuzz/, its own workspace)"
(cd "$ROOT/fuzz" && cargo clippy --locked --all-targets -- -D warnings)

section "lint: types of the JS wrapper (scripts/check-types.sh)"
"$ROOT/scripts/check-types.sh"
section "lint: shell scripts (scripts/check-shell.sh)"
"$ROOT/scripts/check-shell.sh"
section "lint: links in docs (scripts/check-docs.mjs)"
node "$ROOT/scripts/check-docs.mjs"
section "lint: the docs checker's own tests (scripts/check-docs.test.mjs)"
node --test "$ROOT/scripts/check-docs.test.mjs"
section "lint: the size budget checker's tests (scripts/size-budget.test.mjs)"
node --test "$ROOT/scripts/size-budget.test.mjs"
