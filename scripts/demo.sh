#!/usr/bin/env bash
# The main command: builds the wasm package and the demo app (www/ → www/dist/ with webpack 5),
# then starts the collector on 127.0.0.1 (PORT, default 8080) serving the app at /, flags
# (/v0/feature_toggles, /flipper/api) seeded from collector/seed/demo-flags.json, telemetry ingest
# (/v1/logs) into ./va-rollout.db (DB to change), and the rollout report (/report). Ctrl-C stops it.
# Usage: scripts/demo.sh, or PORT=9000 DB=demo.db scripts/demo.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"
"$ROOT/scripts/build-www.sh"

PORT="${PORT:-8080}"
section "demo: building the collector (profile collector)"
cargo build --locked --profile collector -p va-rollout-collector
ORIGIN="http://127.0.0.1:$PORT"
section "demo: open these"
cat <<URLS
  demo app        $ORIGIN/   (demo users: ?user=sm.qa.vista@example.com, sm.qa.oracle@example.com,
                              sm.qa.hybrid@example.com, or any id, e.g. ?user=actor-001@example.com)
  messages        $ORIGIN/my-health/secure-messages/inbox/
  appointments    $ORIGIN/my-health/appointments/
  rollout report  $ORIGIN/report   (JSON: $ORIGIN/report.json)
  flags           $ORIGIN/v0/feature_toggles   $ORIGIN/flipper/api/features
  QA panel        in the browser console: vaRollout.panel()
  writes need the admin token printed below (Authorization: Bearer …)
URLS
exec "$ROOT/target/collector/va-rollout-collector" --addr "127.0.0.1:$PORT" --db "${DB:-$ROOT/va-rollout.db}" \
  --flags-file "$ROOT/collector/seed/demo-flags.json" --static-dir "/=$ROOT/www/dist"
