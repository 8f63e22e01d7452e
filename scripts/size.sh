#!/usr/bin/env bash
# Prints what a bundler build of va-rollout sends over the wire: the wasm module and the JS
# (wasm-bindgen glue + the Rollout wrapper), raw, gzip -9 and (when `brotli` exists) brotli -q 11,
# each file unminified; then "shipped": what a bundler ships for `import { Rollout } from
# 'va-rollout'` — the bundler entry index.js bundled and minified by the pinned esbuild of the
# root npm workspace (the .wasm left external), gzip -9, plus the wasm gzip -9.
# Run after scripts/build.sh; `scripts/size.sh DIR` measures another directory of the same
# layout (bundler/, src/*.js, index.js), e.g. one variant of
# scripts/build-variants.sh. The last line, SIZE-JSON, is for scripts (scripts/size-budget.sh).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
DIR="${1:-$ROOT/pkg}"
cd "$DIR"

section "size: bundler build ($DIR)"
files=("bundler/${WASM_STEM}_bg.wasm" "bundler/${WASM_STEM}_bg.js" "bundler/${WASM_STEM}.js" "src/rollout.js" "src/panel.js"
  "src/shell.js" "src/mirror.js" "src/early-routes.js" "index.js")
for f in "${files[@]}"; do [ -f "$f" ] || die "missing $DIR/$f (run scripts/build.sh)"; done
has_brotli=0
command -v brotli >/dev/null && has_brotli=1
printf '    %-28s %9s %9s' file raw gzip-9
[ "$has_brotli" = 1 ] && printf ' %9s' brotli
printf '\n'
tot_raw=0 tot_gz=0 tot_br=0 wasm_gz=0
for f in "${files[@]}"; do
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  tot_raw=$((tot_raw + raw)) tot_gz=$((tot_gz + gz))
  case "$f" in *.wasm) wasm_gz=$gz ;; esac
  printf '    %-28s %9d %9d' "$f" "$raw" "$gz"
  if [ "$has_brotli" = 1 ]; then
    br=$(brotli -q 11 -c "$f" | wc -c)
    tot_br=$((tot_br + br))
    printf ' %9d' "$br"
  fi
  printf '\n'
done
printf '    %-28s %9d %9d' "total (each file compressed)" "$tot_raw" "$tot_gz"
[ "$has_brotli" = 1 ] && printf ' %9d' "$tot_br"
printf '\n'
echo "SIZE gzip -9: wasm + JS glue = $tot_gz bytes (wasm $wasm_gz, JS $((tot_gz - wasm_gz)))"
[ "$has_brotli" = 1 ] && echo "SIZE brotli: wasm + JS glue = $tot_br bytes"

# Shipped: index.js is what `import ... from 'va-rollout'` resolves to for a browser bundler
# (package.json "exports" → "default"). esbuild stands in for webpack 5 production (both minify
# and tree-shake ESM); the metafile gives each input's bytes in the minified bundle.
ESBUILD="${ESBUILD:-$ROOT/node_modules/.bin/esbuild}"
[ -x "$ESBUILD" ] || die "no esbuild at $ESBUILD (run scripts/setup.sh: the root npm workspace pins it)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
printf "export { Rollout } from '%s/index.js';\n" "$PWD" >"$TMP/entry.mjs"
"$ESBUILD" "$TMP/entry.mjs" --bundle --minify --format=esm --platform=browser --external:'*.wasm' \
  --log-level=warning --metafile="$TMP/meta.json" --outfile="$TMP/bundle.js"
js_min=$(wc -c <"$TMP/bundle.js")
js_gz=$(gzip -9 -c "$TMP/bundle.js" | wc -c)
# Bytes each input contributes to the minified bundle, keyed by its path in $DIR.
js_inputs="$(node -e '
  const m = require(process.argv[1]); const dir = process.argv[2] + "/";
  const out = Object.values(m.outputs)[0].inputs; const r = {};
  for (const [k, v] of Object.entries(out)) { const a = require("path").resolve(k); if (a.startsWith(dir)) r[a.slice(dir.length)] = v.bytesInOutput; }
  process.stdout.write(JSON.stringify(r));' "$TMP/meta.json" "$PWD")"
section "size: shipped by a bundler (esbuild $("$ESBUILD" --version) --bundle --minify, gzip -9)"
printf '    %-28s %9s %9s\n' part minified gzip-9
printf '    %-28s %9d %9d\n' "JS bundle (index.js + imports)" "$js_min" "$js_gz"
printf '    %-28s %9s %9d\n' "bundler/${WASM_STEM}_bg.wasm" "-" "$wasm_gz"
shipped=$((js_gz + wasm_gz))
echo "SHIPPED gzip -9: $shipped bytes (wasm $wasm_gz, minified JS $js_gz)"
# One machine-readable line for scripts/build-variants.sh, scripts/size-budget.sh and the benchmarks.
echo "SIZE-JSON {\"raw\":$tot_raw,\"gzip\":$tot_gz,\"gzipWasm\":$wasm_gz,\"brotli\":$([ "$has_brotli" = 1 ] && echo "$tot_br" || echo null),\"shipped\":{\"gzip\":$shipped,\"wasm\":$wasm_gz,\"js\":$js_gz,\"jsMinified\":$js_min,\"jsInputs\":$js_inputs}}"
