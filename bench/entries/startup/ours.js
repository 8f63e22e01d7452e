// va-rollout, web entry as a page without a bundler uses it: importing the entry starts streaming
// compilation of the wasm; Rollout.start answers from the JavaScript shell (vets-api bootstrap)
// while the core loads, so the first decision does not wait for the wasm.
import { Rollout } from '../../../pkg/web/index.js';
import { report } from '../report.js';

const rollout = Rollout.start({
  environment: 'localhost',
  flags: { source: 'vets-api', names: ['feat_on'], bootstrap: { data: { type: 'feature_toggles', features: [{ name: 'feat_on', value: true }] } } },
});
report(() => rollout.isEnabled('feat_on'), undefined, () => rollout.ready());
