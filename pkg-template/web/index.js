// Entry for pages without a bundler (<script type="module">). Importing it starts loading
// va_rollout_bg.wasm (next to this file) at once, with streaming compilation; Rollout.start()
// answers from the JavaScript shell meanwhile, and `rollout.ready()` tells when the core joined.
// `await init()` is optional: it resolves when the core is loaded (a Rollout started after it
// has the core at once). `init(urlOrBytes)` loads the module from elsewhere when the file next
// to this one failed to load.
import * as glue from './va_rollout.js';
import { createRolloutClass } from '../src/rollout.js';
import { createEarlyRolloutClass } from '../src/shell.js';
import { togglePanel } from '../src/panel.js';

// wasm-bindgen's init (the glue's default export).
const glueInit = /** @type {(input?: unknown) => Promise<unknown>} */ (/** @type {unknown} */ (glue.default));
/** @type {Promise<typeof glue>} */
const auto = glueInit().then(() => glue);
auto.catch(() => {});
/** @type {Promise<typeof glue> | null} */
let explicit = null;

export { createRolloutClass };
export const Rollout = createEarlyRolloutClass(() =>
  (explicit || auto).then((g) => ({ glue: g, create: createRolloutClass, extras: { panel: togglePanel } })),
);
Rollout._join().catch(() => {});

/** @param {unknown} [input] */
export default function init(input) {
  if (input !== undefined && !explicit) explicit = auto.catch(() => glueInit(input).then(() => glue));
  return Rollout._join().then(() => glue);
}
