// Entry for pages without a bundler (<script type="module">): `await init()` once, then use
// Rollout. init() fetches va_rollout_bg.wasm next to this file (or the URL/bytes you pass).
import init, * as wasm from './va_rollout.js';
import { createRolloutClass } from '../src/rollout.js';
import { togglePanel } from '../src/panel.js';

export { createRolloutClass };
export const Rollout = createRolloutClass(wasm, { panel: togglePanel });
export default init;
