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

export PATH="$HOME/.cargo/bin:$PATH"
