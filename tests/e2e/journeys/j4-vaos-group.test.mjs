// Journey 4 — the VAOS group (all four toggles) at 50% of actors, through the Flipper API:
// across many sessions no session ever calls both /vaos/v2 and the legacy system (from the
// collector's request log, grouped by the X-VA-Rollout-Session header), and each session's system
// is what Flipper's formula and the all-or-none rule give for its actor. Then a rollback (boolean
// off through the Flipper API) moves a vaos-service user to legacy at the NEXT navigation, never
// mid-request: a request in flight when the rollback lands completes on vaos-service.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { withPage } from '../lib/chromium.mjs';
import { clearRequests, readRequests, setKnobs } from '../lib/collector-data.mjs';
import { percentageOpen } from '../lib/flipper.mjs';
import { PATHS, VAOS, clickAction, inParallel, sessionOf, startDemo, waitForPage } from './helpers.mjs';

const PERCENT = 50;
/**
 * The collector evaluates each toggle on its own Flipper key (vets-api), so an actor gets the
 * group only when all four percentage gates admit it (all-or-none): about 6.25% of actors. The
 * sessions below are chosen by the formula so that both systems occur: 6 admitted to all four,
 * 12 not (mostly admitted to some).
 */
const CANDIDATES = Array.from({ length: 400 }, (_, i) => `vaos-${String(i + 1).padStart(3, '0')}@example.com`);
const inGroup = (actor) => VAOS.every((f) => percentageOpen(f, [actor], PERCENT));
const IN = CANDIDATES.filter(inGroup).slice(0, 6);
const OUT = CANDIDATES.filter((a) => !inGroup(a)).slice(0, 12);
const systemOf = (row) => (row.path.startsWith('/vaos/v2/') ? 'v2' : 'legacy');

let demo;
before(async () => {
  assert.equal(IN.length, 6, 'enough candidates in the group');
  demo = await startDemo();
  for (const f of VAOS) {
    await demo.flipper.boolean(f, false); // Flipper's disable: every gate cleared
    await demo.flipper.percentageOfActors(f, PERCENT);
  }
  await clearRequests(demo.collector);
});
after(() => demo?.stop());

test(`VAOS group at ${PERCENT}%: ${IN.length + OUT.length} sessions, none on both systems, each on its formula's system`, async () => {
  const sessions = new Map();
  await inParallel([...IN, ...OUT], 3, (actor) =>
    withPage(demo.browser, `j4-${actor}`, async (page, errors) => {
      const s = await demo.openAs(page, actor, PATHS.appointments);
      assert.equal(s.page, 'appointments');
      await clickAction(page, 'Facility lookup link');
      await waitForPage(page, 'facilities');
      await clickAction(page, 'Facility lookup button');
      await page.waitForSelector('#facility-result[data-state="found"]');
      sessions.set(await sessionOf(page), { actor, shown: s.system });
      assert.deepEqual(errors, []);
    }),
  );
  const bySession = new Map();
  for (const r of await readRequests(demo.collector)) {
    assert.ok(sessions.has(r.session_id), `a request without a known session: ${JSON.stringify(r)}`);
    if (!bySession.has(r.session_id)) bySession.set(r.session_id, []);
    bySession.get(r.session_id).push(r);
  }
  const problems = [];
  for (const [session, { actor, shown }] of sessions) {
    const rows = bySession.get(session) ?? [];
    const systems = new Set(rows.map(systemOf));
    const want = inGroup(actor) ? 'v2' : 'legacy';
    // appointments (2 or 3 lists) + facilities.list + facilities.get, all answered 200
    if (rows.length < 4 || rows.some((r) => r.status !== 200)) problems.push(`${actor}: ${JSON.stringify(rows)}`);
    if (systems.size !== 1) problems.push(`${actor} called both systems: ${rows.map((r) => r.path).join(', ')}`);
    else if ([...systems][0] !== want) problems.push(`${actor}: ${[...systems][0]}, formula says ${want}`);
    if (shown !== (want === 'v2' ? 'vaos-service' : 'legacy')) problems.push(`${actor}: page shows ${shown}, formula says ${want}`);
  }
  assert.deepEqual(problems, []);
  const v2 = [...sessions.values()].filter((s) => s.shown === 'vaos-service').length;
  console.log(`# j4: ${sessions.size} sessions, ${v2} on vaos-service, ${sessions.size - v2} on legacy, none on both`);
});

test('rollback (boolean off through the Flipper API): the request in flight completes on vaos-service; the next navigation is legacy', async () => {
  const actor = IN[0];
  await withPage(demo.browser, 'j4-rollback', async (page, errors) => {
    for (const f of VAOS) await demo.flipper.percentageOfActors(f, PERCENT);
    assert.equal((await demo.openAs(page, actor, PATHS.appointments)).system, 'vaos-service');
    const session = await sessionOf(page);
    await clearRequests(demo.collector);

    // A slow backend: the facilities page's request is in flight while the rollback lands.
    await setKnobs(demo.collector, { latencyMs: 2500 });
    await clickAction(page, 'Facility lookup link');
    await page.waitForSelector('main#app[data-page="facilities"][data-ready="false"]');
    await new Promise((r) => setTimeout(r, 300));
    for (const f of VAOS) await demo.flipper.boolean(f, false);
    const rolledBackAt = Date.now();
    // The SDK learns of it at once (as a polling refresh would), mid-request.
    await page.evaluate(() => window.vaRollout.refresh());
    const during = await waitForPage(page, 'facilities');
    assert.equal(during.system, 'vaos-service', 'the page that was loading stays on its system');
    const inFlight = await readRequests(demo.collector, session);
    assert.equal(inFlight.length, 1, JSON.stringify(inFlight));
    assert.deepEqual([systemOf(inFlight[0]), inFlight[0].status], ['v2', 200]);
    assert.ok(inFlight[0].time_ms > rolledBackAt, 'it completed after the rollback landed');

    // The next navigation: legacy, for every request.
    await setKnobs(demo.collector, { latencyMs: 0 });
    await clickAction(page, 'Appointments link');
    const next = await waitForPage(page, 'appointments');
    assert.equal(next.system, 'legacy');
    const after = (await readRequests(demo.collector, session)).slice(1);
    assert.ok(after.length >= 3, JSON.stringify(after));
    assert.deepEqual([...new Set(after.map(systemOf))], ['legacy']);
    assert.deepEqual(errors, []);
  });
});
