// Bundler entry (webpack 5 with experiments.asyncWebAssembly, and other ESM bundlers that
// import .wasm). The JavaScript shell (src/shell.js) answers from the first call; the wasm core
// and the QA panel are a dynamic import(), so bundlers put them in their own async chunk and the
// page's main bundle does not wait for them. Node's entry is node/index.cjs (synchronous),
// generated from src/rollout.js.
import { createEarlyRolloutClass } from './src/shell.js';

export { createRolloutClass } from './src/rollout.js';
export const Rollout = createEarlyRolloutClass(() =>
  Promise.all([import('./bundler/va_rollout.js'), import('./src/rollout.js'), import('./src/panel.js')]).then(([glue, core, panel]) => ({
    glue,
    create: core.createRolloutClass,
    extras: { panel: panel.togglePanel },
  })),
);
