#!/usr/bin/env bash
# Prints what a bundler build of va-rollout sends over the wire: the wasm module and the JS
# (wasm-bindgen glue + the Rollout wrapper), raw, gzip -9 and (when `brotli` exists) brotli -q 11.
# Run after scripts/build.sh; `scripts/size.sh DIR` measures another directory of the same
# layout (bundler/, src/rollout.js, index.js), e.g. one variant of scripts/build-variants.sh.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
DIR="${1:-$ROOT/pkg}"
cd "$DIR"

section "size: bundler build ($DIR)"
files=("bundler/${WASM_STEM}_bg.wasm" "bundler/${WASM_STEM}_bg.js" "bundler/${WASM_STEM}.js" "src/rollout.js" "index.js")
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
# One machine-readable line for scripts/build-variants.sh and the benchmarks.
echo "SIZE-JSON {\"raw\":$tot_raw,\"gzip\":$tot_gz,\"gzipWasm\":$wasm_gz,\"brotli\":$([ "$has_brotli" = 1 ] && echo "$tot_br" || echo null)}"
