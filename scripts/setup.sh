#!/usr/bin/env bash
# Installs what building and testing va-rollout need, skipping whatever is already there:
#   - the Rust target wasm32-unknown-unknown and the clippy/rustfmt components (rustup), the pinned nightly with rust-src
#     that builds the shipped wasm (scripts/lib.sh NIGHTLY),
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (wasm-bindgen,
#     wasm-bindgen-test-runner),
#   - Debian chromium + chromium-driver (headless tests), binaryen (wasm-opt) and shellcheck
#     (scripts/check-shell.sh),
#   - npm dev dependencies, `npm ci` against each committed package-lock.json: the root one (the
#     workspace of www/, bench/ and tests/e2e/, plus binaryen and typescript) and the two consumer
#     projects, which install the packed tarball as a user would,
#   - PyPI chdb-core (pinned) in .venv-chdb/ for the ClickHouse tests (scripts/setup-chdb.sh).
# Usage: scripts/setup.sh (no arguments).
# Safe to run again: every step checks first.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

section "setup: Rust target $WASM_TARGET"
if rustup target list --installed | grep -qx "$WASM_TARGET"; then
  note "present"
else
  rustup target add "$WASM_TARGET"
fi

section "setup: Rust components clippy, rustfmt (scripts/lint.sh)"
missing=()
cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
if [ "${#missing[@]}" -eq 0 ]; then
  note "present"
else
  rustup component add "${missing[@]}"
fi

section "setup: Rust $NIGHTLY + rust-src (the shipped wasm: panic=immediate-abort, -Z build-std)"
if [ -n "$(nightly_toolchain)" ]; then
  note "present: $(nightly_toolchain)"
elif rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src; then
  note "installed $NIGHTLY"
else
  # Not fatal: scripts/build.sh then builds with stable (a larger wasm) and says so.
  note "WARNING: could not install $NIGHTLY; the package will be built with stable"
fi

section "setup: wasm-bindgen-cli"
want="$(lock_version wasm-bindgen)"
[ -n "$want" ] || die "no wasm-bindgen entry in Cargo.lock"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
have_runner="$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" = "$want" ] && [ "$have_runner" = "$want" ]; then
  note "wasm-bindgen $have present"
else
  note "need $want (have: ${have:-none}); cargo install"
  # --locked first (the CLI's own lock file); some registry mirrors lack a crate version
  # that lock file pins, so fall back to a fresh resolution of the same exact CLI version.
  if ! cargo install --locked wasm-bindgen-cli --version "=$want"; then
    note "cargo install --locked failed; retrying without --locked"
    cargo install wasm-bindgen-cli --version "=$want"
  fi
  [ "$(wasm-bindgen --version | awk '{print $2}')" = "$want" ] || die "wasm-bindgen is not $want after install"
fi

section "setup: Debian packages (chromium, chromium-driver, binaryen, shellcheck)"
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v wasm-opt >/dev/null || need+=(binaryen)
command -v shellcheck >/dev/null || need+=(shellcheck)
if [ "${#need[@]}" -eq 0 ]; then
  note "present: $(chromium --version 2>/dev/null | head -1); chromedriver; wasm-opt; shellcheck"
else
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${need[@]}"
fi

# The real ClickHouse engine (PyPI chdb-core, pinned) for the ClickHouse tests.
"$ROOT/scripts/setup-chdb.sh"

section "setup: npm dev dependencies"
command -v npm >/dev/null || die "npm not found (Node 20 + npm are required)"
for dir in . tests/consumer-node tests/consumer-webpack tests/consumer-react tests/consumer-react/react17; do
  npm_ci_if_changed "$dir"
done
