// Journey 10 — early calls (issue 13, "the JS shell decides first"). A page that decides, routes
// and tracks in its first milliseconds, before the wasm core has joined, gets the same flags, the
// same Secure Messaging route and the same events at the collector (names, attributes, order) as
// a page that awaits `ready()` first — with a server-rendered bootstrap, and on a later visit
// from the cached state alone (there the exposures' reason is 'cached': the data that decided).
// Real Chromium, the real collector on 127.0.0.1 (flags, OTLP).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { until } from '../lib/chromium.mjs';
import { readEvents } from '../lib/collector-data.mjs';
import { pageErrors, startEarlyJourney } from './helpers.mjs';

let journey;
let collector;
let browser;
let bootstrap;
before(async () => {
  journey = await startEarlyJourney();
  ({ collector, browser, bootstrap } = journey);
});
after(async () => {
  await journey?.stop();
});

/** One visit in `context`: `mode` early|wait, with or without the bootstrap. */
async function visit(context, mode, withBootstrap) {
  const page = await context.newPage();
  const errors = pageErrors(page);
  if (withBootstrap) await page.addInitScript((b) => (window.BOOT = b), bootstrap);
  await page.goto(`${collector.origin}/index.html?script=early&mode=${mode}`);
  const result = await page.waitForFunction(() => window.result, null, { timeout: 20_000 }).then((h) => h.jsonValue());
  await page.close();
  assert.deepEqual(errors, [], `${mode}: no page or console errors`);
  assert.ok(result.sessionId, `${mode}: telemetry runs`);
  return result;
}

/** The session's stored events in the order received: what a report would count. */
async function eventsOf(sessionId, atLeast) {
  let rows = [];
  await until(() => {
    rows = readEvents(collector.db).filter((e) => e.session_id === sessionId);
    return rows.length >= atLeast;
  }, `${atLeast} events of ${sessionId}`, { timeoutMs: 15_000 });
  return rows
    .sort((a, b) => a.id - b.id)
    .map((e) => ({
      event: e.event_name,
      name: e.name,
      flow: e.flow,
      path: e.path,
      action: e.action_name,
      to: e.transition_to,
      status: e.status,
      duration: e.event_name.endsWith('timing') ? e.duration_ms : null,
      flags: e.flag_context,
      attributes: Object.fromEntries(Object.entries(e.attributes).filter(([k]) => !/(^|\.)(id|session|time)/.test(k))),
    }));
}

test('early calls get the routes and events of a page that waits (bootstrap, then cache)', async () => {
  const waitCtx = await browser.newContext();
  const waited = await visit(waitCtx, 'wait', true);
  assert.equal(waited.joinedAtFirstCall, true);
  assert.equal(waited.flow, true, 'the curated flow is on for everyone');
  assert.deepEqual(waited.route, { path: '/my-health/secure-messages/new-message/', flow: 'curated' });

  const earlyCtx = await browser.newContext();
  const early = await visit(earlyCtx, 'early', true);
  assert.equal(early.joinedAtFirstCall, false, 'the calls ran before the core joined');
  // The same page again, no bootstrap: the decided record the core stored answers.
  const cached = await visit(earlyCtx, 'early', false);
  assert.equal(cached.joinedAtFirstCall, false, 'the cached visit also ran before the core joined');
  for (const [label, r] of [['bootstrap', early], ['cache', cached]]) {
    assert.equal(r.error, null, `${label}: no error`);
    assert.deepEqual({ flow: r.flow, recentValue: r.recent.value, route: r.route, snapshot: r.snapshot },
      { flow: waited.flow, recentValue: waited.recent.value, route: waited.route, snapshot: waited.snapshot }, label);
  }
  assert.equal(early.recent.reason, 'DISABLED', 'the bootstrap decided (not a default)');
  assert.equal(cached.recent.reason, 'CACHED', 'the decided record decided');

  const want = await eventsOf(waited.sessionId, 5);
  assert.ok(want.some((e) => e.event.includes('transition')) && want.some((e) => e.action === 'j10_compose' || e.name === 'j10_compose'), JSON.stringify(want, null, 1));
  assert.deepEqual(await eventsOf(early.sessionId, want.length), want, 'bootstrap: the same events');
  // From the cache, an exposure truthfully says which data decided what the user saw: 'cached'
  // where the waiting page (after its refresh) says 'static'/'disabled'. Everything else is equal.
  const REASON = 'feature_flag.result.reason';
  const fromCache = await eventsOf(cached.sessionId, want.length);
  const exposures = fromCache.filter((e) => e.event === 'va_rollout.exposure');
  assert.deepEqual(exposures.map((e) => e.attributes[REASON]), ['cached', 'cached'], JSON.stringify(exposures));
  const withoutReason = (list) => list.map((e) => ({ ...e, attributes: { ...e.attributes, [REASON]: undefined } }));
  assert.deepEqual(withoutReason(fromCache), withoutReason(want), 'cache: the same events');
  await waitCtx.close();
  await earlyCtx.close();
});
