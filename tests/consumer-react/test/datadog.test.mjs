// va-rollout/datadog's event ⇒ RUM mapping, driven by the real engine (its sink gets each event as
// queued, scrubbed). The real @datadog/browser-rum in Chromium: tests/e2e/integrations/datadog.test.mjs.
import assert from 'node:assert/strict';
import { Rollout } from 'va-rollout';
import { datadogSink, rumCallOf } from 'va-rollout/datadog';

function recordingRum() {
  const calls = [];
  const rec = (method) => (...args) => calls.push([method, ...args]);
  return { calls, addAction: rec('addAction'), addError: rec('addError'), addFeatureFlagEvaluation: rec('addFeatureFlagEvaluation') };
}

describe('va-rollout/datadog', () => {
  it('maps exposures, actions, timings and errors onto RUM calls, with scrubbed names and attributes', () => {
    const rum = recordingRum();
    const rollout = Rollout.start({
      environment: 'staging',
      flags: { source: 'vets-api', bootstrap: { data: { type: 'feature_toggles', features: [{ name: 'mhv_secure_messaging_curated_list_flow', value: true }] } } },
      telemetry: { service: 'sm', sink: datadogSink({ rum }), attributeAllowList: ['status'], enableInTestEnvironments: true },
    });
    rollout.isEnabled('mhv_secure_messaging_curated_list_flow');
    rollout.track.action('Recent Care Teams loaded', { recentCareTeamsCount: 3, note: 'vet@example.com' });
    rollout.track.timing('compose for vet@example.com', 42);
    rollout.track.error('send_failed', { status: 'ssn 123-45-6789' });
    rollout.flush();
    const byMethod = (m) => rum.calls.filter((c) => c[0] === m);
    assert.deepEqual(byMethod('addFeatureFlagEvaluation'), [['addFeatureFlagEvaluation', 'mhv_secure_messaging_curated_list_flow', true]]);
    const actions = byMethod('addAction');
    const loaded = actions.find((c) => c[1] === 'Recent Care Teams loaded');
    assert.equal(loaded[2]['va_rollout.attr.recentCareTeamsCount'], 3);
    assert.equal(loaded[2]['va_rollout.kind'], 'action');
    const timing = actions.find((c) => c[2]['va_rollout.kind'] === 'timing');
    assert.ok(timing, 'the timing is an action');
    assert.equal(timing[2]['va_rollout.duration_ms'], 42);
    const [, error, ctx] = byMethod('addError')[0];
    assert.ok(error instanceof Error);
    assert.equal(error.message, 'send_failed');
    const all = JSON.stringify(rum.calls) + String(error.message);
    assert.ok(!all.includes('vet@example.com') && !all.includes('123-45-6789'), `nothing unscrubbed reaches RUM: ${all}`);
    assert.equal(ctx['va_rollout.kind'], 'error');
    assert.equal(rollout.telemetryStats().queued, 0, 'no url: nothing queued for OTLP');
  });

  it('on a test page (jsdom on http://localhost:3000, as in vets-website specs) nothing is sent unless enabled', () => {
    assert.equal(location.hostname, 'localhost');
    const rum = recordingRum();
    const rollout = Rollout.start({ environment: 'staging', flags: { source: 'vets-api' }, telemetry: { service: 'sm', sink: datadogSink({ rum }) } });
    rollout.track.action('x');
    rollout.flush();
    assert.deepEqual(rum.calls, []);
    assert.equal(rollout.telemetryStats(), null, 'telemetry is off on a test page');
  });

  it('rumCallOf refuses what is not an event; a sink without RUM does nothing', () => {
    assert.equal(rumCallOf(null), null);
    assert.equal(rumCallOf({ kind: 'action' }), null);
    assert.doesNotThrow(() => datadogSink()({ kind: 'action', name: 'x', path: '/', attributes: {} }));
  });

  it('a sink that throws is reported and changes nothing', () => {
    const seen = [];
    const rollout = Rollout.start({
      environment: 'staging',
      flags: { source: 'vets-api' },
      telemetry: { service: 'sm', sink: (e) => { seen.push(e.name); throw new Error('boom'); }, enableInTestEnvironments: true },
    });
    const quiet = console.error;
    console.error = () => {};
    try {
      rollout.track.action('first');
      rollout.track.action('second');
      rollout.flush();
    } finally {
      console.error = quiet;
    }
    assert.ok(seen.includes('first') && seen.includes('second'), seen.join());
    assert.equal(rollout.lastError(), null);
  });

  it('telemetry.sink must be a function', () => {
    assert.throws(() => Rollout.start({ flags: { source: 'vets-api' }, telemetry: { service: 's', sink: 'datadog' } }), /telemetry\.sink: must be a function/);
  });
});
