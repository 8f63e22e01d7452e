#!/usr/bin/env bash
# Runs every test: native core + collector, then (once built) wasm in Chromium and the npm consumers.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked
