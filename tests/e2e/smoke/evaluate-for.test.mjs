// evaluateFor in the browser entry is decided in JavaScript from the core's actor plans
// (pkg/src/mirror.js actorVerdict, core/src/flags/actor_plan.rs); here, in Chromium, it answers
// exactly what the wasm export (FlagStore::evaluate_for) answers, for random actor ids (ASCII,
// non-ASCII, lone surrogates, empty) over percentages 0 / 1 / 50 / 99.99 / 100, an actors set, the
// boolean and percentage_of_time gates, a shared rollout-group bucket, a vets-api source, and
// after the flag state changes (a refresh with another document, setActor, an override); the
// shell asks the core for the plans once after each change, and not before its first evaluateFor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withPage } from '../lib/chromium.mjs';
import { smokeSite } from '../lib/smoke-site.mjs';

const site = smokeSite();

const gate = (key, value) => ({ key, value });
const feature = (key, ...gates) => ({ key, gates });
const DOC_A = {
  features: [
    feature('pct_0', gate('percentage_of_actors', 0)),
    feature('pct_1', gate('percentage_of_actors', '1')),
    feature('pct_50', gate('percentage_of_actors', '50')),
    feature('pct_9999', gate('percentage_of_actors', 99.99)),
    feature('pct_100', gate('percentage_of_actors', 100)),
    feature('actors', gate('actors', ['vip', 'vip-é', 'x\ufffd']), gate('percentage_of_actors', '10')),
    feature('bool_on', gate('boolean', true)),
    feature('time_100', gate('percentage_of_time', 100)),
    feature('grouped_a', gate('percentage_of_actors', '30')),
    feature('grouped_b', gate('percentage_of_actors', '30')),
    feature('changes', gate('percentage_of_actors', '20')),
  ],
};
const DOC_B = { features: [feature('changes', gate('percentage_of_actors', '80'), gate('actors', ['user-1'])), feature('fresh_only', gate('boolean', true))] };
const NAMES = [...DOC_A.features.map((f) => f.key), 'fresh_only', 'unknown'];
const config = () => ({
  environment: 'localhost',
  flags: { source: 'flipper', names: NAMES.filter((n) => n !== 'unknown'), bootstrap: DOC_A, url: `${site.server.url}/flipper/features` },
  groups: { shared: { members: ['grouped_a', 'grouped_b'], policy: 'all-or-none' } },
});

async function compare(page, seed, where) {
  const r = await page.evaluate(([names, s]) => window.compare(names, window.ids(s, 400)), [NAMES, seed]);
  assert.deepEqual(r.mismatches, [], `${where}: ${JSON.stringify(r.mismatches.slice(0, 5))}`);
  assert.ok(r.planned, `${where}: answered from the actor plans`);
  return r;
}

test('evaluateFor from the actor plans equals the core, before and after the state changes', async () => {
  await withPage(site.browser, 'evaluate-for', async (page, errors) => {
    let served = DOC_A;
    await page.route('**/flipper/features*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(served) }));
    await page.goto(`${site.server.url}/evaluate-for.html`);
    await page.waitForFunction(() => window.ready === true);
    await page.evaluate((c) => window.start(c), config());
    // Lazy: started, joined and refreshed without one plan built; the first evaluateFor asks once.
    assert.deepEqual(await page.evaluate(() => [window.planReads, window.plansHeld()]), [0, false]);
    const first = await compare(page, 1, 'document A');
    assert.equal(first.planReads, 1, 'one request for 13 names × 400 ids');
    assert.equal(first.on.pct_0, 0);
    assert.equal(first.on.pct_100, 400);
    assert.equal(first.on.bool_on, 400);
    assert.equal(first.on.time_100, 400);
    assert.equal(first.on.unknown, 0);
    assert.ok(first.on.pct_50 > 120 && first.on.pct_50 < 280, `50 %: ${first.on.pct_50} of 400`);
    assert.ok(first.on.pct_1 < 20 && first.on.pct_9999 > 380, JSON.stringify(first.on));
    // The shared bucket: the group's members agree for every actor (one bucket, the group's name).
    assert.equal(first.on.grouped_a, first.on.grouped_b);

    served = DOC_B;
    await page.evaluate(() => window.refresh());
    const second = await compare(page, 2, 'after a refresh to document B');
    assert.equal(second.planReads, 2, 'asked again once after the refresh');
    assert.notEqual(second.on.changes, first.on.changes, 'the refreshed plan is in use');
    assert.equal(second.on.fresh_only, 400);

    await page.evaluate(() => window.setActor({ id: 'user-1' }));
    await compare(page, 3, 'after setActor');
    assert.equal(await page.evaluate(() => window.override('pct_0', true)), true);
    const overridden = await compare(page, 4, 'after an override (evaluateFor ignores overrides)');
    assert.equal(overridden.on.pct_0, 0);
    assert.deepEqual(errors, []);
  });
});

test('vets-api sources answer false; arguments that are not strings are refused, never thrown', async () => {
  await withPage(site.browser, 'evaluate-for', async (page) => {
    await page.goto(`${site.server.url}/evaluate-for.html`);
    await page.waitForFunction(() => window.ready === true);
    const bootstrap = { data: { type: 'feature_toggles', features: [{ name: 'pct_50', value: true }] } };
    await page.evaluate((c) => window.start(c), { environment: 'localhost', flags: { source: 'vets-api', bootstrap } });
    const r = await compare(page, 5, 'vets-api');
    assert.equal(r.on.pct_50, 0);
    const misuse = await page.evaluate(() => window.misuse());
    assert.deepEqual(misuse.results, [false, false, false]);
    assert.match(misuse.error.message, /evaluateFor\(\): argument \d must be a string/);
  });
});
