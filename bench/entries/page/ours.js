// va-rollout bench page: cached reads, local Flipper evaluation for fresh actors, tracked events.
// window.__benchConfig (from the page URL): { telemetry: bool, sink, batch }.
import init, { Rollout } from '../../../pkg/web/index.js';

await init({ module_or_path: new URL('./va_rollout_bg.wasm', import.meta.url) });
const cfg = globalThis.__benchConfig ?? {};
const config = {
  environment: 'localhost',
  flags: {
    source: 'flipper', names: ['feat_on', 'feat_pct'],
    bootstrap: { features: [
      { key: 'feat_on', gates: [{ key: 'boolean', value: true }] },
      { key: 'feat_pct', gates: [{ key: 'percentage_of_actors', value: '50' }] },
    ] },
  },
};
if (cfg.telemetry !== false) {
  config.telemetry = { url: `${location.origin}/intake/${cfg.sink ?? 'ours'}`, service: 'bench' };
  if (cfg.batch) config.telemetry.batch = cfg.batch;
}
const t = performance.now();
const rollout = Rollout.start(config);
const startMs = performance.now() - t;
window.bench = {
  startMs,
  read: () => rollout.isEnabled('feat_on'),
  forActor: (id) => rollout.evaluateFor('feat_pct', id),
  track: (name, i) => rollout.track.action(name, { n: i }),
  // Processes the captured track calls now (the SDK would when the page is idle).
  process: () => rollout.telemetryStats(),
  flush: () => rollout.flush(),
  stats: () => rollout.telemetryStats(),
};
