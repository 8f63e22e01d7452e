// What src/rollout.js needs of the wasm-bindgen glue (generated at build time from src/facade/):
// the class WasmRollout. The wrapper treats the module as `unknown` (index.d.ts's
// createRolloutClass) and checks every method at run time, so only the shape is declared here.
export declare class WasmRollout {
  private constructor();
  static start(config: unknown): WasmRollout;
  free(): void;
}
