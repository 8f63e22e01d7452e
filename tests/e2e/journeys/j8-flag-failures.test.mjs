// Journey 8 — the flag endpoint fails: cut connection (collector knob `down`), refused connection
// (the browser's request aborted), HTTP 500, slower than the SDK timeout, garbage body. For each:
// a first visit (no cache) renders on the declared defaults, and a second visit (a new tab of a
// browser that loaded the flags before) renders on the cached values. The page always renders,
// and nothing reaches the console as an error: no uncaught exception, no console.error from the
// app or the SDK. The browser's own network lines ("Failed to load resource: …", Chromium's log
// of a failed or non-2xx request, not a page error) are counted apart and reported.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { until, watchErrors, screenshot } from '../lib/chromium.mjs';
import { setKnobs } from '../lib/collector-data.mjs';
import { FLOW, PATHS, PERSONAS, startDemo, waitForPage } from './helpers.mjs';

// A QA actor of the seed's actors gate: the server says true, the declared default is false, so
// the two sources are told apart by the page (interstitial vs legacy compose).
const USER = PERSONAS.vista;
const FAULTS = [
  { name: 'down', knob: 'down', code: 'NETWORK_ERROR' },
  { name: 'refused', abort: 'connectionrefused', code: 'NETWORK_ERROR' },
  { name: 'http500', knob: 'http500', code: 'HTTP_ERROR' },
  { name: 'slow', knob: 'slow', code: 'TIMEOUT' },
  { name: 'garbage', knob: 'garbage', code: 'PARSE_ERROR' },
];
const NETWORK_LINE = /^console\.error: Failed to load resource: /;

let demo;
const networkLines = {};
before(async () => {
  demo = await startDemo();
  assert.ok((await demo.flipper.get(FLOW)).gates.find((g) => g.key === 'actors').value.includes(USER));
});
after(async () => {
  await setKnobs(demo.collector, { flagFault: 'none' }).catch(() => {});
  await demo?.stop();
});

/** Turns the fault on for this context (knob or abort); returns a function turning it off. */
async function breakFlags(context, fault) {
  if (fault.abort) {
    const pattern = '**/v0/feature_toggles**';
    await context.route(pattern, (route) => route.abort(fault.abort));
    return () => context.unroute(pattern);
  }
  await setKnobs(demo.collector, { flagFault: fault.knob, flagDelayMs: 8000 });
  return () => setKnobs(demo.collector, { flagFault: 'none' });
}

/** Opens /new-message/ in a new tab of `context`; returns the page state and the flow decision. */
async function visit(context, fault, label) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    const s = await demo.openAs(page, USER, PATHS.newMessage);
    const decision = await page.evaluate((f) => window.vaDemo.rollout.evaluate(f), FLOW);
    const code = await until(async () => page.evaluate(() => window.vaDemo.rollout.lastError()?.code), `lastError ${fault.code}`, { timeoutMs: 30_000 });
    networkLines[`${fault.name} ${label}`] = errors.filter((e) => NETWORK_LINE.test(e)).length;
    assert.deepEqual(errors.filter((e) => !NETWORK_LINE.test(e)), [], 'no page error, no console.error');
    return { s, decision, code };
  } catch (e) {
    e.message += `\n  screenshot: ${await screenshot(page, `FAIL-j8-${fault.name}-${label}`)}`;
    throw e;
  } finally {
    await page.close();
  }
}

for (const fault of FAULTS) {
  test(`flag endpoint ${fault.name}: first visit on defaults, second visit on the cache, no console error`, async () => {
    // First visit: nothing cached — the declared default (false) ⇒ legacy compose.
    let context = await demo.browser.newContext();
    let restore = await breakFlags(context, fault);
    try {
      const first = await visit(context, fault, 'first');
      assert.deepEqual([first.s.page, first.s.flow], ['legacy-compose', 'legacy']);
      assert.equal(first.decision.value, false);
      assert.ok(['DEFAULT', 'ERROR'].includes(first.decision.reason), JSON.stringify(first.decision));
      assert.equal(first.code, fault.code);
    } finally {
      await restore();
      await context.close();
    }
    // Second visit: a healthy load caches the server's true; then the endpoint fails and a new
    // tab (new browser session: no pin) renders on the cached value.
    context = await demo.browser.newContext();
    try {
      const page = await context.newPage();
      assert.equal((await demo.openAs(page, USER, PATHS.newMessage)).page, 'interstitial', 'healthy: the server says true');
      await page.close();
      restore = await breakFlags(context, fault);
      const second = await visit(context, fault, 'cached');
      assert.deepEqual([second.s.page, second.s.flow], ['interstitial', 'curated']);
      assert.deepEqual([second.decision.value, second.decision.source], [true, 'cache']);
      assert.equal(second.decision.reason, 'CACHED');
      assert.equal(second.code, fault.code);
      await restore();
    } finally {
      await context.close();
    }
  });
}

test('report: the browser network lines seen (not page errors)', () => {
  console.log(`# j8 network lines per visit: ${JSON.stringify(networkLines)}`);
  assert.equal(Object.keys(networkLines).length, FAULTS.length * 2);
});
