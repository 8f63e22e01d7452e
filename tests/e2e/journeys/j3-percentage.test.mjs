// Journey 3 — the curated flow at 25% of actors over 200 distinct demo actors
// (`?user=actor-NNN@example.com`): each actor's flow equals Flipper's formula, computed here
// independently (node:zlib crc32 of "mhv_secure_messaging_curated_list_flow" + actor id,
// % 100000 < 25 × 1000; flippercloud/flipper lib/flipper/gates/percentage_of_actors.rb), and the
// share in the new flow lies within ±4σ of the binomial mean (n = 200, p = 0.25: 50 ± 24.5).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot } from '../lib/chromium.mjs';
import { flipperBucket, percentageOpen } from '../lib/flipper.mjs';
import { FLOW, PATHS, startDemo } from './helpers.mjs';

const ACTORS = Array.from({ length: Number(process.env.JOURNEY_ACTORS ?? 200) }, (_, i) => `actor-${String(i + 1).padStart(3, '0')}@example.com`);
const PERCENT = 25;
/** Browser contexts loading actors in parallel, one tab each. */
const WORKERS = Number(process.env.JOURNEY_WORKERS ?? 4);

let demo;
before(async () => {
  demo = await startDemo();
  // Only the percentage gate: boolean off (Flipper's disable clears every gate), then 25%.
  await demo.flipper.boolean(FLOW, false);
  await demo.flipper.percentageOfActors(FLOW, PERCENT);
  const f = await demo.flipper.get(FLOW);
  assert.equal(f.state, 'conditional');
  assert.deepEqual(f.gates.filter((g) => g.value && g.value.length !== 0).map((g) => [g.key, g.value]), [['percentage_of_actors', '25']]);
});
after(() => demo?.stop());

/**
 * Loads /new-message/ for each actor; returns actor → { flow, page }. Each worker is one browser
 * context with one tab that navigates from actor to actor (a new demo user starts a new browser
 * session: the app clears sessionStorage, so no pin carries over; localStorage is cleared too).
 */
async function flowsOf(actors) {
  const flows = new Map();
  const queue = [...actors];
  const failures = [];
  async function worker() {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    try {
      for (let actor = queue.shift(); actor; actor = queue.shift()) {
        try {
          const s = await demo.openAs(page, actor, PATHS.newMessage);
          if (errors.length) throw new Error(`page errors: ${errors.splice(0).join(' | ')}`);
          flows.set(actor, { flow: s.flow, page: s.page });
          await page.evaluate(() => {
            localStorage.clear();
            sessionStorage.clear();
          });
        } catch (e) {
          failures.push(`${actor}: ${e.message}\n  screenshot: ${await screenshot(page, `FAIL-j3-${actor}`)}`);
        }
      }
    } finally {
      await context.close();
    }
  }
  await Promise.all(Array.from({ length: WORKERS }, worker));
  assert.deepEqual(failures, []);
  return flows;
}

test(`25% of ${ACTORS.length} actors: every actor's flow is Flipper's formula; the share is within ±4σ`, async () => {
  const t0 = Date.now();
  const flows = await flowsOf(ACTORS);
  const elapsed = Date.now() - t0;
  const mismatches = [];
  let curated = 0;
  for (const actor of ACTORS) {
    const expected = percentageOpen(FLOW, [actor], PERCENT) ? 'curated' : 'legacy';
    const { flow, page } = flows.get(actor);
    if (flow === 'curated') curated += 1;
    const wantPage = expected === 'curated' ? 'interstitial' : 'legacy-compose';
    if (flow !== expected || page !== wantPage) {
      mismatches.push(`${actor}: bucket ${flipperBucket(FLOW, [actor])} ⇒ ${expected}, page showed ${flow} (${page})`);
    }
  }
  assert.deepEqual(mismatches, []);
  const n = ACTORS.length;
  const mean = n * (PERCENT / 100);
  const sigma = Math.sqrt(n * (PERCENT / 100) * (1 - PERCENT / 100));
  const [lo, hi] = [mean - 4 * sigma, mean + 4 * sigma];
  console.log(`# j3: ${curated}/${n} actors in the curated flow (bounds ${lo.toFixed(1)}..${hi.toFixed(1)}), ${n} page loads in ${elapsed} ms`);
  assert.ok(curated >= lo && curated <= hi, `${curated} of ${n} outside ${lo.toFixed(1)}..${hi.toFixed(1)}`);
  // The formula is not vacuous for this set of actors: both flows occur.
  assert.ok(curated > 0 && curated < n);
});
