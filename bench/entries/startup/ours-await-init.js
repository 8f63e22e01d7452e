// va-rollout, web entry used the way it had to be before the JS-first shell: `await init()`,
// then start (the first decision waits for the wasm). The before/after row for issue 13's lever.
import init, { Rollout } from '../../../pkg/web/index.js';
import { report } from '../report.js';

await init();
const rollout = Rollout.start({
  environment: 'localhost',
  flags: { source: 'vets-api', names: ['feat_on'], bootstrap: { data: { type: 'feature_toggles', features: [{ name: 'feat_on', value: true }] } } },
});
report(() => rollout.isEnabled('feat_on'), undefined, () => rollout.ready());
