#!/usr/bin/env bash
# Builds the split builds of va-rollout and prints their sizes (README "Size"):
#   scripts/build-variants.sh <out-dir>
#   → <out-dir>/flags/          cargo --no-default-features         (flags only)
#     <out-dir>/flags-routing/  cargo --no-default-features --features routing
#     <out-dir>/all/            default features (what scripts/build.sh ships)
# Each holds what a bundler build ships, optimised exactly like scripts/build.sh:
# bundler/va_rollout_bg.wasm, the wasm-bindgen bundler glue, src/*.js (the wrapper rollout.js, the
# JS-first shell, the panel) and index.js. Each variant is loaded in Node (nodejs glue, in a temporary directory) and
# checked: a bootstrapped decision, and routing/telemetry present or absent as built.
# Prints a Markdown table (raw, gzip -9, brotli) and writes <out-dir>/sizes.json.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

[ $# -eq 1 ] || die "usage: scripts/build-variants.sh <out-dir>"
mkdir -p "$1"
OUT="$(cd "$1" && pwd)"
WASM_OPT="${WASM_OPT:-}"
if [ -z "$WASM_OPT" ] && [ -x "$ROOT/node_modules/.bin/wasm-opt" ]; then WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"; fi
[ -n "$WASM_OPT" ] || die "no wasm-opt: run scripts/setup.sh (the pinned npm binaryen)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# name | cargo feature arguments | the parts the check expects
VARIANTS=(
  "flags|--no-default-features|"
  "flags-routing|--no-default-features --features routing|routing"
  "all||routing,telemetry"
)

json="{"
for v in "${VARIANTS[@]}"; do
  IFS='|' read -r name features parts <<<"$v"
  section "variant $name: cargo ${features:-(default features)}"
  # shellcheck disable=SC2086
  wasm="$(build_wasm $features)"
  dir="$OUT/$name"
  rm -rf "$dir"
  mkdir -p "$dir/src"
  wasm-bindgen --target bundler --out-dir "$dir/bundler" --out-name "$WASM_STEM" \
    --remove-name-section --remove-producers-section "$wasm"
  wasm-bindgen --target nodejs --out-dir "$TMP/$name" --out-name "$WASM_STEM" \
    --remove-name-section --remove-producers-section "$wasm"
  rm -f "$dir/bundler/${WASM_STEM}_bg.wasm.d.ts"
  optimize_wasm "$WASM_OPT" "$dir/bundler/${WASM_STEM}_bg.wasm" "$TMP/$name.opt.wasm"
  mv "$TMP/$name.opt.wasm" "$dir/bundler/${WASM_STEM}_bg.wasm"
  cp "$dir/bundler/${WASM_STEM}_bg.wasm" "$TMP/$name/${WASM_STEM}_bg.wasm"
  cp "$ROOT/pkg-template/src/"*.js "$dir/src/"
  cp "$ROOT/pkg-template/index.js" "$dir/index.js"

  node "$ROOT/scripts/esm-to-cjs.cjs" "$ROOT/pkg-template/src/rollout.js" "./$WASM_STEM.js" >"$TMP/$name/index.cjs"
  node "$ROOT/scripts/check-variant.cjs" "$TMP/$name/index.cjs" "$parts" ||
    die "variant $name does not behave as a '$name' build (scripts/check-variant.cjs)"

  table="$("$ROOT/scripts/size.sh" "$dir")"
  printf '%s\n' "$table"
  line="$(printf '%s\n' "$table" | sed -n 's/^SIZE-JSON //p')"
  json+="\"$name\":$line,"
done
json="${json%,}}"
echo "$json" >"$OUT/sizes.json"

section "variants (bundler build: wasm + glue + wrapper, each file compressed separately)"
# shellcheck disable=SC2016 # JavaScript in single quotes: its ${...} are JS template literals
node -e '
  const s = JSON.parse(process.argv[1]);
  const kb = (n) => n === null ? "–" : n.toLocaleString("en-US");
  console.log("| build | raw | gzip -9 | of which wasm | brotli |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const [k, v] of Object.entries(s)) console.log(`| ${k} | ${kb(v.raw)} | ${kb(v.gzip)} | ${kb(v.gzipWasm)} | ${kb(v.brotli)} |`);
' "$json"
note "wrote $OUT/sizes.json"
