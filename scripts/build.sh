#!/usr/bin/env bash
# Builds the npm package into pkg/ (and pkg/va-rollout-<version>.tgz):
#   cargo (release, wasm32) → wasm-bindgen (bundler, nodejs, web) → wasm-opt -Oz → pkg/ from
#   pkg-template/ → npm pack.
# Run scripts/setup.sh first (scripts/demo.sh and scripts/test.sh do).
# Usage: scripts/build.sh (no arguments; VA_ROLLOUT_STABLE=1 builds with stable Rust, see lib.sh).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

PKG="$ROOT/pkg"
VERSION="$(crate_version)"

section "build: cargo build --release --target $WASM_TARGET -p $CRATE"
# shellcheck disable=SC2119 # the shipped build: default features, no extra cargo arguments
WASM_IN="$(build_wasm)"
[ -f "$WASM_IN" ] || die "missing $WASM_IN"

section "build: wasm-bindgen $(wasm-bindgen --version | awk '{print $2}') → pkg/{bundler,node,web}"
rm -rf "$PKG"
mkdir -p "$PKG"
# bundler: ESM that imports the .wasm (webpack 5 asyncWebAssembly). nodejs: CommonJS that
# reads the .wasm synchronously with fs (Node 20, require()). web: ESM with an init() that
# fetches the .wasm (plain <script type="module"> pages, the www/ demo).
for t in bundler:bundler nodejs:node web:web; do
  wasm-bindgen --target "${t%%:*}" --out-dir "$PKG/${t##*:}" --out-name "$WASM_STEM" \
    --remove-name-section --remove-producers-section "$WASM_IN"
  rm -f "$PKG/${t##*:}/${WASM_STEM}_bg.wasm.d.ts"
done
# pkg/ is "type": "module"; the nodejs glue is CommonJS.
echo '{ "type": "commonjs" }' >"$PKG/node/package.json"

section "build: assemble pkg/ from pkg-template/ (version $VERSION)"
cp -R "$ROOT/pkg-template/." "$PKG/"
VERSION="$VERSION" node -e '
  const fs = require("fs"); const p = process.argv[1];
  const j = JSON.parse(fs.readFileSync(p, "utf8")); j.version = process.env.VERSION;
  fs.writeFileSync(p, JSON.stringify(j, null, 2) + "\n");' "$PKG/package.json"

section "build: wasm-opt ($WASM_OPT_FLAGS)"
# Debian bookworm's binaryen 108 mis-links the externref table that wasm-bindgen emits
# (the module then fails to instantiate), so prefer the pinned npm binaryen (package.json at
# the repo root, installed by setup.sh), and check the optimized module still loads.
WASM_OPT="${WASM_OPT:-}"
if [ -z "$WASM_OPT" ]; then
  if [ -x "$ROOT/node_modules/.bin/wasm-opt" ]; then WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
  elif command -v wasm-opt >/dev/null; then WASM_OPT="$(command -v wasm-opt)"
  fi
fi
if [ -z "$WASM_OPT" ]; then
  note "no wasm-opt found: keeping wasm-bindgen's output as is"
else
  note "using $WASM_OPT ($("$WASM_OPT" --version))"
  # wasm-bindgen emits the same module for every target: optimize it once and copy it when the
  # three are byte-identical (they are with wasm-bindgen 0.2.130), else optimize each.
  dirs="bundler node web"
  if cmp -s "$PKG/bundler/${WASM_STEM}_bg.wasm" "$PKG/node/${WASM_STEM}_bg.wasm" &&
     cmp -s "$PKG/bundler/${WASM_STEM}_bg.wasm" "$PKG/web/${WASM_STEM}_bg.wasm"; then
    dirs="bundler"
  fi
  for dir in $dirs; do
    f="$PKG/$dir/${WASM_STEM}_bg.wasm"
    cp "$f" "$f.unopt"
    # Features come from the module's target_features section (kept by the strip setting
    # above), so wasm-opt uses exactly what rustc/wasm-bindgen emitted; then drop that section.
    optimize_wasm "$WASM_OPT" "$f.unopt" "$f"
  done
  if [ "$dirs" = bundler ]; then
    for dir in node web; do
      mv "$PKG/$dir/${WASM_STEM}_bg.wasm" "$PKG/$dir/${WASM_STEM}_bg.wasm.unopt"
      cp "$PKG/bundler/${WASM_STEM}_bg.wasm" "$PKG/$dir/${WASM_STEM}_bg.wasm"
    done
  fi
  # Smoke check: the CommonJS glue instantiates the optimized module at require() time and
  # the web glue with initSync(); a broken table/feature mix fails here, not in a user's page.
  if node -e "require('$PKG/node/$WASM_STEM.js')" &&
     node --input-type=module -e "
       import { readFileSync } from 'node:fs';
       const m = await import('$PKG/web/$WASM_STEM.js');
       m.initSync({ module: readFileSync('$PKG/web/${WASM_STEM}_bg.wasm') });"; then
    note "optimized modules load"
    rm -f "$PKG"/*/*.unopt
  else
    note "WARNING: the wasm-opt output does not load; keeping the unoptimized modules"
    for f in "$PKG"/*/*.unopt; do mv "$f" "${f%.unopt}"; done
  fi
fi

section "build: node/index.cjs from src/rollout.js"
# One source for the wrapper: src/rollout.js (ESM) is the bundler/web entries' import, and the
# Node entry is the same text made CommonJS (rollout.js has no imports; only its top-level
# `export function|const|class` lines change).
node "$ROOT/scripts/esm-to-cjs.cjs" "$ROOT/pkg-template/src/rollout.js" \
  "./$WASM_STEM.js" >"$PKG/node/index.cjs"
# The same types for CommonJS importers (TypeScript's node16 resolution reads .d.cts for require).
cp "$PKG/index.d.ts" "$PKG/node/index.d.cts"
node -e "const r = require('$PKG/node/index.cjs'); if (typeof r.Rollout !== 'function') process.exit(1)" ||
  die "pkg/node/index.cjs does not export Rollout"

section "build: npm pack"
(cd "$PKG" && npm pack --silent --loglevel=error >/dev/null)
[ -f "$(tarball_path)" ] || die "npm pack did not produce $(tarball_path)"
note "$(tarball_path) ($(wc -c <"$(tarball_path)") bytes)"
stat -c '    %s  %n' "$PKG"/bundler/*.wasm "$PKG"/node/*.wasm "$PKG"/web/*.wasm
