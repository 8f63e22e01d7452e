// va-rollout/testing: a real engine, synchronous, no network, no timers left behind (a child
// process that uses it must exit by itself), telemetry captured in memory; and the Redux preload.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { legacy_createStore as createStore, combineReducers } from 'redux';
import { createTestRollout, preloadedFeatureToggles } from 'va-rollout/testing';
import { featureToggleReducer } from 'va-rollout/redux';
import { TOGGLE_NAMES } from './fixtures.mjs';

// The child: jsdom globals like a vets-website spec, a fetch that counts, the helper, every API.
const CHILD = `
  import 'global-jsdom/register';
  let fetches = 0;
  globalThis.fetch = window.fetch = () => { fetches += 1; return new Promise(() => {}); };
  const { createTestRollout } = await import('va-rollout/testing');
  const r = createTestRollout({ flags: { mhv_secure_messaging_curated_list_flow: true }, environment: 'staging' });
  r.isEnabled('mhv_secure_messaging_curated_list_flow');
  r.track.action('Recent Care Teams loaded', { recentCareTeamsCount: 2 });
  r.track.timing('select_care_team', 120);
  r.override('mhv_secure_messaging_curated_list_flow', false);
  await r.refresh();
  await r.ready();
  r.setActor({ id: 'vet@example.com' });
  console.log(JSON.stringify({ fetches, kinds: r.captured.events.map((e) => e.kind), value: r.isEnabled('mhv_secure_messaging_curated_list_flow') }));
`;

function runChild(limitMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], { cwd: process.cwd() });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const started = Date.now();
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err, ms: Date.now() - started });
    });
  });
}

describe('va-rollout/testing', () => {
  it('a process using createTestRollout exits by itself, and nothing was fetched', async function () {
    this.timeout(20000);
    const r = await runChild(15000);
    assert.equal(r.signal, null, `the child was killed after ${r.ms} ms: it did not exit (timers or handles left)\n${r.err}`);
    assert.equal(r.code, 0, r.err);
    const line = r.out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
    const result = JSON.parse(line);
    assert.equal(result.fetches, 0, 'no network');
    assert.equal(result.value, false, 'the override applied');
    assert.ok(result.kinds.includes('action') && result.kinds.includes('timing') && result.kinds.includes('exposure'), result.kinds.join());
  });

  it('is synchronous: decisions at once, overrides allowed, events captured on read', () => {
    const r = createTestRollout({ flags: { mhvSecureMessagingCuratedListFlow: true, other_flag: false } });
    assert.equal(r.isEnabled('mhv_secure_messaging_curated_list_flow'), true, 'camelCase names are stored snake_case');
    assert.deepEqual(r.evaluate('other_flag'), { name: 'other_flag', value: false, reason: 'DISABLED', source: 'bootstrap', stale: false });
    assert.equal(r.environment(), 'localhost');
    assert.equal(r.override('other_flag', true), true);
    assert.equal(r.isEnabled('other_flag'), true);
    r.captured.clear();
    r.track.error('compose_failed', { status: 500 });
    const events = r.captured.events;
    assert.deepEqual(events.map((e) => [e.kind, e.name]), [['error', 'compose_failed']]);
  });

  it('production refuses overrides, as the real engine does', () => {
    const r = createTestRollout({ flags: { a_flag: true }, environment: 'production' });
    assert.equal(r.override('a_flag', false), false);
    assert.equal(r.isEnabled('a_flag'), true);
  });

  it('preloadedFeatureToggles is the initialState.featureToggles a vets-website spec preloads', () => {
    const slice = preloadedFeatureToggles({ va_online_scheduling_vaos_service_requests: true }, TOGGLE_NAMES);
    assert.deepEqual(slice, {
      va_online_scheduling_vaos_service_requests: true,
      vaOnlineSchedulingVAOSServiceRequests: true,
      loading: false,
    });
    const store = createStore(combineReducers({ featureToggles: featureToggleReducer }), { featureToggles: slice });
    assert.equal(store.getState().featureToggles.vaOnlineSchedulingVAOSServiceRequests, true);
  });
});
