// Stands in for pkg/bundler/va_rollout.js (wasm-bindgen --target bundler) in scripts/check-types.sh.
export * from '../../wasm-glue.js';
