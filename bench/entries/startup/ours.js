// va-rollout, web target: fetch + instantiate the wasm, start from a vets-api bootstrap, decide.
import init, { Rollout } from '../../../pkg/web/index.js';
import { report } from '../report.js';

await init({ module_or_path: new URL('./va_rollout_bg.wasm', import.meta.url) });
const rollout = Rollout.start({
  environment: 'localhost',
  flags: { source: 'vets-api', names: ['feat_on'], bootstrap: { data: { type: 'feature_toggles', features: [{ name: 'feat_on', value: true }] } } },
});
report(() => rollout.isEnabled('feat_on'));
