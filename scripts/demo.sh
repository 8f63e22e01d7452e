#!/usr/bin/env bash
# The main command: builds the wasm package and starts the collector on 127.0.0.1 (PORT, default
# 8080) serving the demo app (www/ at /), the package (pkg/ at /pkg), flags (/v0/feature_toggles,
# /flipper/api) seeded from collector/seed/demo-flags.json, telemetry ingest (/v1/logs) into
# ./va-rollout.db (DB to change), and the rollout report (/report). Ctrl-C stops it.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"

PORT="${PORT:-8080}"
section "demo: building the collector (profile collector)"
cargo build --locked --profile collector -p va-rollout-collector
ORIGIN="http://127.0.0.1:$PORT"
section "demo: open these"
cat <<URLS
  demo app        $ORIGIN/
  rollout report  $ORIGIN/report   (JSON: $ORIGIN/report.json)
  flags           $ORIGIN/v0/feature_toggles   $ORIGIN/flipper/api/features
  writes need the admin token printed below (Authorization: Bearer …)
URLS
exec "$ROOT/target/collector/va-rollout-collector" --addr "127.0.0.1:$PORT" --db "${DB:-$ROOT/va-rollout.db}" \
  --flags-file "$ROOT/collector/seed/demo-flags.json" --static-dir "/=$ROOT/www" --static-dir "/pkg=$ROOT/pkg"
