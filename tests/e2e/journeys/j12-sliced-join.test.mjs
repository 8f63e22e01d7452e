// Journey 12 — the sliced join (issue 13, target 4). The wasm core joins in slices, each a task
// of its own (the core's start stage by stage, then the kept calls in chunks): a page whose
// high-priority tasks run between those slices gets the documented before-join answers there
// (the shell's decisions, from the bootstrap), the core's answers after, and every `track` call
// at the collector exactly once, in call order, whichever side of the join it was made on.
// Real Chromium, the real collector on 127.0.0.1 (flags, OTLP).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { until } from '../lib/chromium.mjs';
import { readEvents } from '../lib/collector-data.mjs';
import { FLOW, pageErrors, RECENT, startEarlyJourney } from './helpers.mjs';

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

test('calls between the slices of the join: shell answers, then the core, every event once and in order', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.addInitScript((b) => (window.BOOT = b), bootstrap);
  await page.goto(`${collector.origin}/index.html?script=slices`);
  const result = await page.waitForFunction(() => window.result, null, { timeout: 30_000 }).then((h) => h.jsonValue());
  await context.close();
  assert.deepEqual(errors, [], 'no page or console errors');
  assert.equal(result.error, null, 'no error');
  const { ticks } = result;
  const between = ticks.filter((t) => t.loaded && !t.joined);
  // A join in one task (instantiate, start, replay) leaves no room for a tick between the module
  // loading and the core joining; a sliced one does (six slices of the start, then the replay).
  const shape = JSON.stringify(ticks.filter((t, i) => i === 0 || t.loaded !== ticks[i - 1].loaded || t.joined !== ticks[i - 1].joined).map((t) => [t.i, t.at, t.loaded, t.joined]));
  assert.ok(between.length >= 1, `ticks between the module loading and the core joining: ${between.length} (changes at ${shape})`);
  console.log(`# ${ticks.length} ticks, ${between.length} between the module loading and the core joining (changes at ${shape})`);
  const firstJoined = ticks.findIndex((t) => t.joined);
  assert.ok(firstJoined > 0 && ticks.slice(firstJoined).every((t) => t.joined), 'joined once, for good');
  // The bootstrap decides before the join; the core (same bootstrap, then its refresh) after.
  for (const t of ticks) assert.deepEqual({ flow: t.flow, recent: t.recent }, { flow: true, recent: false }, `tick ${t.i}`);
  assert.deepEqual({ flow: result.snapshot[FLOW], recent: result.snapshot[RECENT] }, { flow: true, recent: false });

  let rows = [];
  await until(() => {
    rows = readEvents(collector.db).filter((e) => e.session_id === result.sessionId && (e.action_name === 'j12_tick' || e.name === 'j12_tick'));
    return rows.length >= ticks.length;
  }, `${ticks.length} tick events`, { timeoutMs: 15_000 });
  const seen = rows.sort((a, b) => a.time_ns - b.time_ns || a.id - b.id).map((e) => [e.attributes['va_rollout.attr.tick'], e.attributes['va_rollout.attr.joined']]);
  assert.deepEqual(seen, ticks.map((t) => [t.i, t.joined]), 'every tick tracked once, in call order');
});
