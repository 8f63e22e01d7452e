// Bundler entry (webpack 5 with experiments.asyncWebAssembly, and other ESM bundlers that
// import .wasm). Node's entry is node/index.cjs, generated from the same src/rollout.js.
import * as wasm from './bundler/va_rollout.js';
import { createRolloutClass } from './src/rollout.js';
import { togglePanel } from './src/panel.js';

export { createRolloutClass };
export const Rollout = createRolloutClass(wasm, { panel: togglePanel });
