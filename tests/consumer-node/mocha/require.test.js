// vets-website style: mocha + @babel/register transpiles this ESM-syntax file to CommonJS, so
// `import` becomes require('va-rollout') and resolves the package's "node" (CommonJS) entry.
import assert from 'node:assert/strict';
import { Rollout } from 'va-rollout';

describe('va-rollout under mocha + @babel/register', () => {
  it('loads through require() and decides from a vets-api bootstrap', () => {
    const bootstrap = {
      data: { type: 'feature_toggles', features: [{ name: 'mhv_secure_messaging_curated_list_flow', value: true }] },
    };
    const rollout = Rollout.start({ environment: 'staging', flags: { source: 'vets-api', bootstrap } });
    assert.equal(rollout.isEnabled('mhv_secure_messaging_curated_list_flow'), true);
    assert.equal(rollout.isEnabled('mhv_secure_messaging_recent_recipients'), false);
  });

  it('is the CommonJS build', () => {
    const resolved = require.resolve('va-rollout');
    assert.match(resolved, /node[\\/]index\.cjs$/);
  });
});
