# Shared helpers for scripts/*.sh (sourced, not run).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WASM_TARGET=wasm32-unknown-unknown
# The facade's #[wasm_bindgen] exports live in this crate; its cdylib is <crate>.wasm with '-' → '_'.
CRATE=va-rollout
WASM_STEM=va_rollout
# Default loopback port of tests/browser-support/flag-server.mjs; the wasm tests read the
# same value at compile time (option_env!("VA_ROLLOUT_FLAG_SERVER"), see tests/browser-support/).
FLAG_SERVER_PORT_DEFAULT=17654

section() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\033[31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

# The version of a package in Cargo.lock (first match), e.g. lock_version wasm-bindgen.
lock_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' \
    "$ROOT/Cargo.lock"
}

# The crate's version from Cargo.toml's [package] table.
crate_version() {
  awk '/^\[package\]/ { p = 1; next } /^\[/ { p = 0 } p && /^version *=/ { gsub(/version *= *|"/, ""); print; exit }' \
    "$ROOT/Cargo.toml"
}

# Package tarball produced by `npm pack` of pkg/.
tarball_path() { echo "$ROOT/pkg/${CRATE}-$(crate_version).tgz"; }

# wasm-opt flags. -Oz without binaryen's inlining: inlining saves ~35 KB raw but costs ~22 KB
# after gzip (the inlined copies no longer compress against each other), and what we ship is
# compressed. Measured with binaryen 132 (README "Size").
WASM_OPT_FLAGS="-Oz --skip-pass=inlining-optimizing"

# optimize_wasm <wasm-opt> <in.wasm> <out.wasm>: WASM_OPT_FLAGS with the features the module
# declares (its target_features section, kept by the cargo strip setting), then drops that
# section, debug info and the producers section.
optimize_wasm() {
  # shellcheck disable=SC2086
  "$1" $WASM_OPT_FLAGS --strip-debug --strip-producers --strip-target-features "$2" -o "$3" ||
    "$1" -Oz --strip-debug --strip-producers --strip-target-features "$2" -o "$3"  # binaryen < 116: no --skip-pass
}

export PATH="$HOME/.cargo/bin:$PATH"
