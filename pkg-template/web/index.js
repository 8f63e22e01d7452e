// Entry for pages without a bundler (<script type="module">). Importing it starts loading the
// wasm-bindgen glue and then va_rollout_bg.wasm (next to this file), with streaming compilation,
// as a dynamic import: the glue is neither fetched nor run before the page's first decision, which
// Rollout.start() answers from the JavaScript shell meanwhile; `rollout.ready()` tells when the
// core joined. `await init()` is optional: it resolves when the core is loaded (a Rollout started
// after it has the core at once). `init(urlOrBytes)` loads the module from elsewhere when the file
// next to this one failed to load.
import { createRolloutClass } from '../src/rollout.js';
import { createEarlyRolloutClass } from '../src/shell.js';

/** wasm-bindgen's glue: its default export instantiates the module. @typedef {{ default: (input?: unknown) => Promise<unknown> }} Glue */
const glueModule = /** @type {Promise<Glue>} */ (/** @type {unknown} */ (import('./va_rollout.js')));
/** @type {Promise<Glue>} */
const auto = glueModule.then((g) => g.default().then(() => g));
auto.catch(() => {});
/** @type {Promise<Glue> | null} */
let explicit = null;

export { createRolloutClass };
export const Rollout = createEarlyRolloutClass(() =>
  Promise.all([explicit || auto, import('../src/panel.js')]).then(([g, panel]) => ({ glue: g, create: createRolloutClass, extras: { panel: panel.togglePanel } })),
);
Rollout._join().catch(() => {});

/** @param {unknown} [input] */
export default function init(input) {
  if (input !== undefined && !explicit) explicit = auto.catch(() => glueModule.then((g) => g.default(input).then(() => g)));
  return Rollout._join().then(() => explicit || auto);
}
