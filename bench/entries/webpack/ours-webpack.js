// va-rollout, bundler entry as VA.gov bundles it (bench/lib/webpack.mjs: webpack 5 production,
// asyncWebAssembly): the main bundle holds the JavaScript shell, the wasm core is an async chunk.
import { Rollout } from '../../../pkg/index.js';
import { report } from '../report.js';

const rollout = Rollout.start({
  environment: 'localhost',
  flags: { source: 'vets-api', names: ['feat_on'], bootstrap: { data: { type: 'feature_toggles', features: [{ name: 'feat_on', value: true }] } } },
});
report(() => rollout.isEnabled('feat_on'), undefined, () => rollout.ready());
