export * from '../index.js';
/** Loads and instantiates the wasm module (fetches va_rollout_bg.wasm next to this file by default). */
export default function init(
  moduleOrPath?:
    | { module_or_path: RequestInfo | URL | Response | BufferSource | WebAssembly.Module }
    | RequestInfo | URL | Response | BufferSource | WebAssembly.Module,
): Promise<unknown>;
