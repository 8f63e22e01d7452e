#!/usr/bin/env bash
# Builds the package and serves the demo: www/ at /, pkg/ at /pkg/, and a sample vets-api
# response at /v0/feature_toggles, on 127.0.0.1 (PORT, default 8080). Stops on Ctrl-C or after
# DEMO_IDLE_SECONDS (default 7200) without a request. The collector issue replaces this server.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"

PORT="${PORT:-8080}"
section "demo: http://127.0.0.1:$PORT/  (Ctrl-C to stop)"
exec node "$ROOT/scripts/serve-static.mjs" --port "$PORT" --idle-seconds "${DEMO_IDLE_SECONDS:-7200}" \
  /=www /pkg/=pkg /v0/feature_toggles=www/feature_toggles.json
