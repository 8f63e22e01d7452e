# Shared helpers for scripts/*.sh (sourced, not run).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WASM_TARGET=wasm32-unknown-unknown
# The facade's #[wasm_bindgen] exports live in this crate; its cdylib is <crate>.wasm with '-' → '_'.
CRATE=va-rollout
WASM_STEM=va_rollout
# Default loopback port of tests/browser-support/flag-server.mjs; the wasm tests read the
# same value at compile time (option_env!("VA_ROLLOUT_FLAG_SERVER"), see tests/browser-support/).
# shellcheck disable=SC2034 # used by scripts/test.sh, which sources this file
FLAG_SERVER_PORT_DEFAULT=17654

section() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\033[31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

# The version of a package in Cargo.lock (first match), e.g. lock_version wasm-bindgen.
lock_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' \
    "$ROOT/Cargo.lock"
}

# The crate's version from Cargo.toml's [package] table.
crate_version() {
  awk '/^\[package\]/ { p = 1; next } /^\[/ { p = 0 } p && /^version *=/ { gsub(/version *= *|"/, ""); print; exit }' \
    "$ROOT/Cargo.toml"
}

# Package tarball produced by `npm pack` of pkg/.
tarball_path() { echo "$ROOT/pkg/${CRATE}-$(crate_version).tgz"; }

# npm_ci_if_changed <dir>: `npm ci` in <dir> (relative to $ROOT) unless its node_modules was
# installed from the same package-lock.json (a stamp file holds the lock's sha256). At the root
# this installs the whole npm workspace (www/, bench/, tests/e2e/; see package.json).
npm_ci_if_changed() {
  local dir="$ROOT/$1" stamp sum
  [ -f "$dir/package-lock.json" ] || return 0
  stamp="$dir/node_modules/.va-rollout-lock.sha256"
  sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    note "$1: node_modules matches package-lock.json"
  else
    note "$1: npm ci"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$sum" >"$stamp"
  fi
}

# The shipped wasm is built with this nightly (pinned: -Z flags change between nightlies) and
# `panic = immediate-abort` over a std rebuilt from source (-Z build-std, needs its rust-src):
# no panic messages, locations or formatting machinery reachable from a panic (README "Size").
# setup.sh installs it; without it the build falls back to stable (and says so).
# Everything else (cargo test, clippy, the wasm tests, the collector) uses stable.
NIGHTLY=nightly-2026-05-20

# nightly_toolchain: the name of an installed rustup toolchain that is $NIGHTLY and has
# rust-src (the pinned name, or a plain `nightly` of the same date), else nothing.
nightly_toolchain() {
  local t sysroot
  for t in "$NIGHTLY" nightly; do
    rustup toolchain list 2>/dev/null | grep -q "^$t-" || continue
    sysroot="$(rustup run "$t" rustc --print sysroot 2>/dev/null)" || continue
    grep -qx "date = \"${NIGHTLY#nightly-}\"" "$sysroot/lib/rustlib/multirust-channel-manifest.toml" 2>/dev/null || continue
    [ -d "$sysroot/lib/rustlib/src/rust/library/std" ] || continue
    echo "$t"
    return 0
  done
}

# remap_flags [toolchain]: rustc flags that replace the build machine's paths (the toolchain's
# sysroot, which -Z build-std compiles std from, the cargo registry, this checkout) with fixed
# names, so the shipped wasm names no machine path (scripts/size-budget.sh fails if it does).
# Source paths survive in the wasm as panic locations' file names even with immediate-abort.
remap_flags() {
  local sysroot
  if [ -n "${1:-}" ]; then sysroot="$(rustup run "$1" rustc --print sysroot)"; else sysroot="$(rustc --print sysroot)"; fi
  printf '%s ' "--remap-path-prefix=$sysroot=/rustc" "--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo" \
    "--remap-path-prefix=$ROOT=/va-rollout"
}

# build_wasm [cargo args, e.g. --no-default-features --features routing]: builds the release
# wasm (nightly + immediate-abort when available, else stable) and prints its path. Run one at a
# time: every build writes the same output file, copy it before the next. VA_ROLLOUT_STABLE=1
# forces stable.
# Prints the built module's path; fails (status 1, no path) when cargo fails: callers run it
# in a command substitution, where errexit does not reach inside the function.
build_wasm() {
  local tc=""
  [ "${VA_ROLLOUT_STABLE:-0}" = 1 ] || tc="$(nightly_toolchain)"
  # The release profile says strip = true, which also drops the wasm `target_features` section;
  # wasm-bindgen needs it to know reference types etc. are on. Strip debug info only: the name
  # and producers sections go at wasm-bindgen/wasm-opt time.
  export CARGO_PROFILE_RELEASE_STRIP="${CARGO_PROFILE_RELEASE_STRIP:-debuginfo}"
  if [ -n "$tc" ]; then
    note "rustc: $tc ($(rustup run "$tc" rustc --version)), panic=immediate-abort, -Z build-std" >&2
    # -Zcross-crate-inline-threshold=always: the pure core is its own crate (va-rollout-core), and
    # rustc MIR-inlines across crates only what is #[inline] or generic. gzip -9 of
    # pkg/bundler/va_rollout_bg.wasm after scripts/build.sh: 191797 bytes with one crate (commit
    # 922407a), 194923 after the split without this flag (aba9f21), 189549 with it (2714b89).
    CARGO_TARGET_DIR="$ROOT/target/nightly" \
      RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zcross-crate-inline-threshold=always $(remap_flags "$tc")" \
      cargo +"$tc" build --release --locked --target "$WASM_TARGET" -p "$CRATE" \
      -Zbuild-std=std,panic_abort "$@" >&2 || return 1
    echo "$ROOT/target/nightly/$WASM_TARGET/release/$WASM_STEM.wasm"
  else
    note "rustc: stable ($(rustc --version)); no $NIGHTLY with rust-src (scripts/setup.sh installs it)" >&2
    RUSTFLAGS="$(remap_flags)" cargo build --release --locked --target "$WASM_TARGET" -p "$CRATE" "$@" >&2 || return 1
    echo "$ROOT/target/$WASM_TARGET/release/$WASM_STEM.wasm"
  fi
}

# wasm-opt flags. -Oz without binaryen's inlining: inlining saves ~35 KB raw but costs ~22 KB
# after gzip (the inlined copies no longer compress against each other), and what we ship is
# compressed. Without local-cse too (its temporaries add raw bytes but break repeats gzip
# finds), then --flatten --rereloop and the same -Oz again (binaryen's CFG re-layout leaves
# code that the second pass shrinks). Measured with binaryen 132 (docs/performance-history.md "Size
# levers": −1,559 all, −1,729 flags-routing, −976 flags gzip -9 against plain -Oz).
OZ="-Oz --skip-pass=inlining-optimizing --skip-pass=local-cse"
WASM_OPT_FLAGS="$OZ --flatten --rereloop $OZ"

# optimize_wasm <wasm-opt> <in.wasm> <out.wasm>: WASM_OPT_FLAGS with the features the module
# declares (its target_features section, kept by the cargo strip setting), then drops that
# section, debug info and the producers section.
optimize_wasm() {
  # shellcheck disable=SC2086
  "$1" $WASM_OPT_FLAGS --strip-debug --strip-producers --strip-target-features "$2" -o "$3" ||
    "$1" -Oz --strip-debug --strip-producers --strip-target-features "$2" -o "$3"  # binaryen < 116: no --skip-pass
}

export PATH="$HOME/.cargo/bin:$PATH"

# build_collector_bench: the collector and its load generator (collector/examples/bench_load) in
# a cargo profile of their own, `collector-bench` (the workspace release profile is tuned for wasm
# size: opt-level z, LTO); prints nothing. Binaries: target/collector-bench/{va-rollout-collector,
# examples/bench_load}; more `--example X` arguments build those too. Used by scripts/collector-bench*.sh and scripts/soak.sh.
# shellcheck disable=SC2034 # used by the scripts that source this file
COLLECTOR_BENCH_DIR="$ROOT/target/collector-bench"
# shellcheck disable=SC2120 # the extra --example arguments are optional
build_collector_bench() {
  cargo build -q -p va-rollout-collector --bin va-rollout-collector --example bench_load "$@" \
    --config 'profile.collector-bench.inherits="release"' --config 'profile.collector-bench.opt-level=3' \
    --config 'profile.collector-bench.lto=false' --config 'profile.collector-bench.codegen-units=16' \
    --config 'profile.collector-bench.panic="unwind"' --config 'profile.collector-bench.strip=false' \
    --profile collector-bench
}

# start_bench_collector <bin> <workdir> [args...]: starts <bin> on 127.0.0.1:0 with a fresh
# database <workdir>/collector.db and the admin token `bench`; sets COLLECTOR_PID and
# COLLECTOR_BASE (http://127.0.0.1:PORT). Waits (bounded) for its banner.
start_bench_collector() {
  local bin="$1" work="$2"
  shift 2
  mkdir -p "$work"
  "$bin" --addr 127.0.0.1:0 --db "$work/collector.db" --admin-token bench "$@" \
    >"$work/stdout" 2>"$work/stderr" &
  COLLECTOR_PID=$!
  for _ in $(seq 200); do grep -q listening "$work/stdout" 2>/dev/null && break; sleep 0.05; done
  grep -q listening "$work/stdout" || die "collector did not start: $(cat "$work/stderr")"
  # shellcheck disable=SC2034 # read by the caller
  COLLECTOR_BASE=$(head -1 "$work/stdout" | awk '{print $NF}')
}

# stop_bench_collector: SIGTERM (the collector drains its ingest queue) and wait.
stop_bench_collector() {
  kill -TERM "$COLLECTOR_PID" 2>/dev/null || true
  wait "$COLLECTOR_PID" 2>/dev/null || true
}
