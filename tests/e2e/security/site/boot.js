// Loads the `web` build of the package; tests start Rollouts through window.VA.
// Records every message the page receives, so a postMessage test can prove delivery.
import init, { Rollout } from '/pkg/web/index.js';

window.__messages = [];
window.addEventListener('message', (e) => window.__messages.push({ origin: e.origin, data: e.data }));
try {
  await init();
  window.VA = { Rollout };
  document.documentElement.dataset.ready = 'yes';
} catch (e) {
  document.documentElement.dataset.ready = `error: ${e && e.message}`;
}
