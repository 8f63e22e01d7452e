// Node 20 consumer test of the packed tarball: flags from bootstrap documents and defaults,
// with no window / document / localStorage, and no throws on garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Rollout } from 'va-rollout';
import { inPercentage } from './flipper-formula.mjs';
import { ACTOR_IDS, PCT_KEYS, SM_FLOW, SM_RECENT, flipperDoc, vetsApiBoth } from './fixtures.mjs';

const require = createRequire(import.meta.url);

test('runs without browser globals', () => {
  assert.equal(typeof window, 'undefined');
  assert.equal(typeof localStorage, 'undefined');
  assert.equal(typeof document, 'undefined');
});

test('ESM import and require() give the same Rollout', () => {
  assert.equal(require('va-rollout').Rollout, Rollout);
  assert.equal(typeof Rollout.start, 'function');
});

test('vets-api bootstrap: values, snake_case names, reasons and sources', async () => {
  const r = Rollout.start({ environment: 'staging', flags: { source: 'vets-api', bootstrap: vetsApiBoth } });
  assert.equal(r.isEnabled(SM_FLOW), true);
  assert.equal(r.isEnabled(SM_RECENT), false);
  assert.equal(r.isEnabled('not_a_flag'), false);
  assert.deepEqual(r.snapshot(), { [SM_FLOW]: true, [SM_RECENT]: false });
  const d = r.evaluate(SM_FLOW);
  assert.deepEqual(
    { name: d.name, value: d.value, reason: d.reason, source: d.source, stale: d.stale },
    { name: SM_FLOW, value: true, reason: 'STATIC', source: 'bootstrap', stale: false },
  );
  assert.equal(r.evaluate(SM_RECENT).reason, 'DISABLED');
  await r.ready();
  assert.equal(r.lastError(), null);
  assert.equal(globalThis.vaRollout, undefined, 'no devtools outside a browser');
});

test('defaults: declared default, else false, reason DEFAULT', () => {
  const r = Rollout.start({
    environment: 'staging',
    flags: { source: 'vets-api', defaults: { on_by_default: true, off_by_default: false } },
  });
  assert.equal(r.isEnabled('on_by_default'), true);
  assert.equal(r.isEnabled('off_by_default'), false);
  assert.equal(r.isEnabled('undeclared'), false);
  assert.equal(r.evaluate('on_by_default').reason, 'DEFAULT');
  assert.equal(r.evaluate('on_by_default').source, 'default');
});

test('bootstrap beats defaults', () => {
  const r = Rollout.start({
    environment: 'staging',
    flags: { source: 'vets-api', bootstrap: vetsApiBoth, defaults: { [SM_FLOW]: false, [SM_RECENT]: true } },
  });
  assert.equal(r.isEnabled(SM_FLOW), true);
  assert.equal(r.isEnabled(SM_RECENT), false);
});

test('Flipper bootstrap: boolean, actor and group gates', () => {
  const start = (actor) => Rollout.start({ environment: 'staging', flags: { source: 'flipper', bootstrap: flipperDoc }, actor });
  const anon = start(null);
  assert.equal(anon.isEnabled('bool_on'), true);
  assert.equal(anon.evaluate('bool_on').reason, 'STATIC');
  assert.equal(anon.isEnabled('bool_off'), false);
  assert.equal(anon.isEnabled('actors_only'), false, 'no actor: actor gates stay closed');
  assert.equal(anon.isEnabled('pct_100'), false, 'no actor: percentage_of_actors stays closed');
  const listed = start({ id: 'ünï@example.com' });
  assert.equal(listed.isEnabled('actors_only'), true);
  assert.equal(listed.evaluate('actors_only').reason, 'TARGETING_MATCH');
  assert.equal(start({ id: 'someone-else' }).isEnabled('actors_only'), false);
  assert.equal(start({ id: 'x', groups: ['beta'] }).isEnabled('group_beta'), true);
  assert.equal(start({ id: 'x', groups: ['alpha'] }).isEnabled('group_beta'), false);
});

test('Flipper bootstrap: percentage_of_actors equals crc32(key + id) % 100000 < pct * 1000', () => {
  let admitted = 0;
  for (const id of ACTOR_IDS) {
    const r = Rollout.start({ environment: 'staging', flags: { source: 'flipper', bootstrap: flipperDoc }, actor: { id } });
    for (const [key, pct] of Object.entries(PCT_KEYS)) {
      const expected = inPercentage(key, [id], pct);
      assert.equal(r.isEnabled(key), expected, `${key} for actor ${JSON.stringify(id)}`);
      if (expected) {
        admitted += 1;
        assert.equal(r.evaluate(key).reason, 'SPLIT');
      }
    }
  }
  assert.ok(admitted > 0, 'the vectors include admitted actors');
});

test('Flipper bootstrap: several actor ids are sorted and joined', () => {
  const ids = ['zeta-2', 'alpha-1'];
  const r = Rollout.start({ environment: 'staging', flags: { source: 'flipper', bootstrap: flipperDoc }, actor: { ids } });
  for (const [key, pct] of Object.entries(PCT_KEYS)) {
    assert.equal(r.isEnabled(key), inPercentage(key, ids, pct), key);
  }
});

test('configuration errors throw at start, listing the problem', () => {
  assert.throws(() => Rollout.start({ flags: { source: 'launchdarkly' } }), (e) => e instanceof Error && /source/.test(e.message));
  assert.throws(() => Rollout.start({ flags: { timeoutMs: 'soon' } }), Error);
  assert.throws(
    () => Rollout.start({ flags: { source: 'vets-api' }, telemetry: { url: '/', service: 's', beforeSend: 'drop pii' } }),
    (e) => e instanceof Error && /beforeSend/.test(e.message),
  );
  assert.doesNotThrow(() =>
    Rollout.start({ flags: { source: 'vets-api' }, telemetry: { url: '/', service: 's', beforeSend: (e) => e } }));
});

test('garbage never throws after start', async () => {
  for (const bootstrap of ['<html>', 42, { data: 5 }, { data: { features: 'x' } }, { features: [{ key: 1, gates: 'no' }] }]) {
    let r;
    assert.doesNotThrow(() => {
      r = Rollout.start({ environment: 'staging', flags: { source: 'vets-api', bootstrap, defaults: { d: true } } });
    }, `bootstrap ${JSON.stringify(bootstrap)}`);
    assert.equal(r.isEnabled('d'), true, 'defaults survive a bad bootstrap');
    assert.notEqual(r.lastError(), null, 'a bad bootstrap is reported');
  }
  const r = Rollout.start({ environment: 'staging', flags: { source: 'vets-api', bootstrap: vetsApiBoth } });
  const garbage = [undefined, null, 42, {}, [], 'x'.repeat(100_000), Symbol('s')];
  for (const g of garbage) {
    assert.doesNotThrow(() => {
      r.isEnabled(g);
      r.evaluate(g);
      r.explain(g);
      r.setActor(g);
      r.override(g, g);
      r.onChange(g)();
      r.track.action(g, g);
      r.track.timing(g, g, g);
      r.track.error(g, g);
    });
  }
  await r.refresh();
  await r.ready();
  const tracked = await r.track.request('node.test', Promise.resolve(7));
  assert.equal(tracked, 7, 'track.request returns the tracked promise result');
  await assert.rejects(r.track.request('node.fail', Promise.reject(new Error('app error'))), /app error/);
});

test('production refuses overrides', () => {
  const r = Rollout.start({ environment: 'production', flags: { source: 'vets-api', bootstrap: vetsApiBoth } });
  assert.equal(r.environment(), 'production');
  assert.equal(r.override(SM_RECENT, true), false);
  assert.equal(r.isEnabled(SM_RECENT), false);
});

test('isEnabled stays a lookup (well under a microsecond per call)', () => {
  const r = Rollout.start({ environment: 'staging', flags: { source: 'vets-api', bootstrap: vetsApiBoth } });
  const n = 1_000_000;
  let hits = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (r.isEnabled(SM_FLOW)) hits++;
  const nsPerCall = Number(process.hrtime.bigint() - t0) / n;
  assert.equal(hits, n);
  assert.ok(nsPerCall < 1000, `isEnabled took ${nsPerCall.toFixed(1)} ns per call`);
});
