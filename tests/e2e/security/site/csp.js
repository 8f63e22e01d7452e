// Runs the SDK end to end with nothing but this file and the package: flags from the collector,
// a decision, a click, a tracked action, delivered telemetry, the QA panel (localhost). The
// outcome goes to window.__result and <html data-result>.
import init, { Rollout } from '/pkg/web/index.js';

const FLAG = 'mhv_secure_messaging_curated_list_flow';
const out = { stage: 'start' };
window.__result = out;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  await init();
  out.stage = 'init';
  const rollout = Rollout.start({
    flags: { source: 'vets-api', url: '/v0/feature_toggles', names: [FLAG] },
    telemetry: { url: location.origin, service: 'va-rollout-csp-test', batch: { maxDelayMs: 100 } },
  });
  window.rollout = rollout;
  await rollout.ready();
  out.decision = rollout.evaluate(FLAG);
  out.enabled = rollout.isEnabled(FLAG);
  out.lastError = rollout.lastError();
  document.getElementById('go').click();
  rollout.track.action('csp probe', { n: 1 });
  rollout.flush();
  for (let i = 0; i < 100 && rollout.telemetryStats().sent < 2; i += 1) await sleep(50);
  out.stats = rollout.telemetryStats();
  out.panel = rollout.panel();
  out.stage = 'done';
} catch (e) {
  out.error = String((e && e.stack) || e);
  out.stage = 'error';
}
document.documentElement.dataset.result = out.stage;
