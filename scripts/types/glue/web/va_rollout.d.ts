// Stands in for pkg/web/va_rollout.js (wasm-bindgen --target web) in scripts/check-types.sh.
export * from '../../wasm-glue.js';
export default function init(moduleOrPath?: unknown): Promise<unknown>;
