#!/usr/bin/env bash
# Builds the demo app: www/ → www/dist/ (index.html, style.css, main.js, the .wasm asset), with
# webpack 5 against the packed package tarball, installed as VA.gov would install it.
# Idempotent: builds the package (scripts/build.sh) only when the tarball is missing, reinstalls
# www's dependencies only when the lock file or the tarball changed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

TARBALL="$(tarball_path)"
if [ ! -f "$TARBALL" ]; then
  "$ROOT/scripts/build.sh"
fi

section "www: dependencies ($(basename "$TARBALL"))"
cd "$ROOT/www"
STAMP=node_modules/.va-rollout-demo.stamp
WANT="$(sha256sum package-lock.json "$TARBALL" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  npm install --no-save --no-audit --no-fund --loglevel=error "$TARBALL"
  echo "$WANT" > "$STAMP"
else
  note "up to date"
fi

section "www: webpack → www/dist/"
node build.mjs
