#!/usr/bin/env bash
# Starts the collector for local development: demo seed flags, the demo app (www/dist) and the
# wasm package (pkg/) when they exist. Extra arguments go to the collector (e.g. --addr).
# The admin token is $VA_ROLLOUT_ADMIN_TOKEN, else one generated for the run (printed in the log).
set -euo pipefail
cd "$(dirname "$0")/.."
args=(--flags-file collector/seed/demo-flags.json)
[ -d www ] && args+=(--static-dir "/=www")
[ -d pkg ] && args+=(--static-dir "/pkg=pkg")
exec cargo run -q --profile collector -p va-rollout-collector -- "${args[@]}" "$@"
