#!/usr/bin/env bash
# Builds the demo app: www/ → www/dist/ (index.html, style.css, main.js, the .wasm asset), with
# webpack 5 against the packed package tarball, installed as VA.gov would install it.
# www/ is a member of the root npm workspace (package.json): webpack comes from the root lock file;
# the tarball is installed for the www workspace with --no-save (npm places it in the root
# node_modules/va-rollout; neither package.json nor package-lock.json changes).
# Idempotent: builds the package (scripts/build.sh) only when the tarball is missing, reinstalls
# only when the root lock file or the tarball changed.
# Usage: scripts/build-www.sh (no arguments).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

TARBALL="$(tarball_path)"
if [ ! -f "$TARBALL" ]; then
  "$ROOT/scripts/build.sh"
fi

section "www: dependencies ($(basename "$TARBALL"))"
npm_ci_if_changed .
# The stamp lives inside the installed package: a fresh `npm ci` removes both.
STAMP=node_modules/va-rollout/.va-rollout-demo.stamp
WANT="$(sha256sum package-lock.json "$TARBALL" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  npm install --workspace=www --no-save --no-audit --no-fund --loglevel=error "$TARBALL"
  echo "$WANT" > "$STAMP"
else
  note "up to date"
fi

section "www: webpack → www/dist/"
(cd www && node build.mjs)
