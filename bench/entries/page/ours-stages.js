// The core's start stage by stage, each in a task of its own as the JS shell's join runs them
// (bench/profile.mjs stages): WasmRollout.begin (read the configuration), the steps (validate,
// flag store, its stored layers, runtime), finish (live), then the first calls. ms per stage, in
// window.bench.
// window.__benchConfig: { full: true } adds a flags URL and telemetry (what a VA.gov page has).
import init, { createRolloutClass } from '../../../pkg/web/index.js';

const t0 = performance.now();
const glue = await init({ module_or_path: new URL('./va_rollout_bg.wasm', import.meta.url) });
const loadMs = performance.now() - t0;
const cfg = globalThis.__benchConfig ?? {};
const config = {
  environment: 'localhost',
  flags: { source: 'vets-api', names: ['feat_on'], bootstrap: { data: { type: 'feature_toggles', features: [{ name: 'feat_on', value: true }] } } },
};
if (cfg.full) {
  config.flags.url = `${location.origin}/v0/feature_toggles`;
  config.telemetry = { url: `${location.origin}/intake/stages`, service: 'bench' };
}
const next = () => new Promise((r) => setTimeout(r, 0));
const stages = [];
const timed = (name, f) => {
  const t = performance.now();
  const r = f();
  stages.push([name, performance.now() - t]);
  return r;
};
const Rollout = createRolloutClass(glue);
await next();
const job = timed('begin: read the configuration', () => Rollout._begin(config));
for (const name of ['step: validate', 'step: flag store (cookie, bootstrap)', 'step: stored layers (cache, overrides)', 'step: runtime']) {
  await next();
  timed(name, () => job.step());
}
await next();
const rollout = timed('finish: live (refresh, listeners, telemetry)', () => job.finish());
await next();
timed('first isEnabled + exposure', () => rollout.isEnabled('feat_on'));
timed('first track.action', () => rollout.track.action('stages', { n: 1 }));
window.bench = { loadMs, stages };
