// va-rollout/openfeature with the real @openfeature/web-sdk and @openfeature/react-sdk.
import assert from 'node:assert/strict';
import React from 'react';
import { render, screen, act, cleanup } from '@testing-library/react';
import { OpenFeature, ProviderEvents } from '@openfeature/web-sdk';
import { OpenFeatureProvider, useBooleanFlagValue } from '@openfeature/react-sdk';
import { Rollout } from 'va-rollout';
import { VaRolloutProvider } from 'va-rollout/openfeature';

const DOC = { features: [
  { key: 'actor_flag', gates: [{ key: 'actors', value: ['u1'] }] },
  { key: 'pct_flag', gates: [{ key: 'percentage_of_actors', value: '100' }] },
  { key: 'off_flag', gates: [{ key: 'boolean', value: null }] },
  { key: 'on_flag', gates: [{ key: 'boolean', value: 'true' }] },
] };

const flipperRollout = () => Rollout.start({
  environment: 'staging',
  actor: { id: 'u1' },
  flags: { source: 'flipper', bootstrap: DOC, defaults: { default_flag: true }, names: ['override_flag'] },
});

afterEach(async () => {
  cleanup();
  localStorage.clear(); // overrides persist in storage, as they do in a browser
  await OpenFeature.clearProviders();
});

describe('va-rollout/openfeature', () => {
  it('getBooleanValue / getBooleanDetails equal isEnabled / evaluate for every reason the rollout gives', async () => {
    const rollout = flipperRollout();
    assert.equal(rollout.override('override_flag', true), true);
    await OpenFeature.setProviderAndWait(new VaRolloutProvider(rollout));
    const client = OpenFeature.getClient();
    const expected = {
      on_flag: 'STATIC', off_flag: 'DISABLED', actor_flag: 'TARGETING_MATCH', pct_flag: 'SPLIT',
      default_flag: 'DEFAULT', override_flag: 'STATIC',
    };
    for (const [name, reason] of Object.entries(expected)) {
      const decision = rollout.evaluate(name);
      for (const fallback of [true, false]) {
        assert.equal(client.getBooleanValue(name, fallback), rollout.isEnabled(name), `${name} value`);
      }
      const d = client.getBooleanDetails(name, !decision.value);
      assert.equal(d.value, decision.value, name);
      assert.equal(d.reason, reason, `${name} reason`);
      assert.equal(d.variant, decision.value ? 'on' : 'off');
      assert.equal(d.errorCode, undefined, name);
      assert.deepEqual(d.flagMetadata, { source: decision.source, stale: false, reason: decision.reason });
    }
    const missing = client.getBooleanDetails('no_such_flag', true);
    assert.equal(missing.value, true);
    assert.equal(missing.errorCode, 'FLAG_NOT_FOUND');
    const typed = client.getStringDetails('on_flag', 'x');
    assert.equal(typed.errorCode, 'TYPE_MISMATCH');
    assert.equal(typed.value, 'x');
  });

  it('a rejected flag document: ERROR with PARSE_ERROR (the caller\'s default), and a Stale event', async () => {
    const rollout = Rollout.start({ environment: 'staging', flags: { source: 'vets-api', defaults: { c_d: true }, bootstrap: '{not json' } });
    const provider = new VaRolloutProvider(rollout);
    let stale = 0;
    provider.events.addHandler(ProviderEvents.Stale, () => { stale += 1; });
    await OpenFeature.setProviderAndWait(provider);
    const d = OpenFeature.getClient().getBooleanDetails('c_d', false);
    assert.equal(d.reason, 'ERROR');
    assert.equal(d.errorCode, 'PARSE_ERROR');
    assert.equal(d.value, false);
    assert.equal(rollout.evaluate('c_d').reason, 'ERROR');
    assert.equal(stale, 1);
  });

  it('ConfigurationChanged carries the changed keys; a context change sets the actor', async () => {
    const rollout = flipperRollout();
    await OpenFeature.setProviderAndWait(new VaRolloutProvider(rollout));
    const client = OpenFeature.getClient();
    const changes = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (e) => changes.push(e.flagsChanged));
    rollout.override('off_flag', true);
    assert.deepEqual(changes, [['off_flag']]);
    assert.equal(client.getBooleanValue('actor_flag', false), true);
    await OpenFeature.setContext({ targetingKey: 'u2' });
    assert.equal(client.getBooleanValue('actor_flag', true), false, 'u2 is not in the actors gate');
    assert.deepEqual(changes.at(-1), ['actor_flag']);
    await OpenFeature.setContext({ targetingKey: 'u1' });
    assert.equal(client.getBooleanValue('actor_flag', false), true);
  });

  it('@openfeature/react-sdk: useBooleanFlagValue re-renders on a change', async () => {
    const rollout = flipperRollout();
    await OpenFeature.setProviderAndWait(new VaRolloutProvider(rollout));
    let renders = 0;
    function Flag() {
      renders += 1;
      const on = useBooleanFlagValue('off_flag', false);
      return React.createElement('p', null, on ? 'flag on' : 'flag off');
    }
    render(React.createElement(OpenFeatureProvider, null, React.createElement(Flag)));
    assert.ok(screen.getByText('flag off'));
    const before = renders;
    await act(async () => {
      rollout.override('off_flag', true);
    });
    assert.ok(screen.getByText('flag on'));
    assert.ok(renders > before);
  });
});
