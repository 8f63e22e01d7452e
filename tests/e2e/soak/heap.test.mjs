// The soak's page heap, in short (issue 15 item 5; docs/testing.md "The page's heap"): one demo
// tab against the real collector, driven by the soak's own round (round.mjs: care-team help and
// back, each click waiting for the new render) for WARM rounds, then until it has sent three
// times the events it had sent by then. After a full GC at both points (CDP
// HeapProfiler.collectGarbage), the page may not hold more DOM elements than a slack (the
// elements of its document come and go with the page it shows; a page driver that kept handles
// to rendered pages made the page keep every one: about 50 elements a round) nor more JS heap per
// event sent than HEAP_PER_EVENT_MAX (that driver: about 370 B per event).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { liveElements, pageMemory } from '../lib/page-memory.mjs';
import { until } from '../lib/chromium.mjs';
import { PATHS, PERSONAS, startDemo, telemetryStats, waitForPage } from '../journeys/helpers.mjs';
import { round } from './round.mjs';

const WARM = Number(process.env.HEAP_TEST_WARM_ROUNDS ?? 40);
const PAUSE_MS = 20;
const ELEMENTS_SLACK = 100;
const HEAP_PER_EVENT_MAX = Number(process.env.HEAP_TEST_MAX_B_PER_EVENT ?? 250);

let demo;
before(async () => {
  demo = await startDemo();
});
after(() => demo?.stop());

/** Everything tracked so far sent (bounded), then what the page holds. */
async function sample(page, cdp) {
  await page.evaluate(() => window.vaDemo.rollout.flush());
  const stats = await until(async () => {
    const s = await telemetryStats(page);
    return s.pending === 0 ? s : false;
  }, 'the telemetry queue to drain', { timeoutMs: 15_000, everyMs: 100 });
  const { jsHeapUsed } = await pageMemory(cdp);
  return { sent: stats.sent, jsHeapUsed, elements: await liveElements(cdp) };
}

test('a driven demo tab holds no more DOM and JS heap at 3N events than at N', { timeout: Math.max(120_000, WARM * 3_000) }, async () => {
  const context = await demo.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(demo.url(PATHS.selectCareTeam, PERSONAS.vista));
    await waitForPage(page, 'select-care-team');
    const cdp = await context.newCDPSession(page);
    for (let i = 0; i < WARM; i++) await round(page, PAUSE_MS);
    const a = await sample(page, cdp);
    let rounds = WARM;
    while ((await telemetryStats(page)).sent < 3 * a.sent && rounds < 4 * WARM) {
      await round(page, PAUSE_MS);
      rounds += 1;
    }
    const b = await sample(page, cdp);
    const perEvent = (b.jsHeapUsed - a.jsHeapUsed) / (b.sent - a.sent);
    const detail = JSON.stringify({ rounds, a, b, heapPerEvent: Math.round(perEvent) });
    console.log(`heap: ${detail}`);
    assert.ok(b.sent >= 3 * a.sent, `sent ${b.sent} after ${rounds} rounds, not 3 x ${a.sent}: ${detail}`);
    assert.ok(b.elements - a.elements <= ELEMENTS_SLACK, `live elements grew by ${b.elements - a.elements}: ${detail}`);
    assert.ok(perEvent <= HEAP_PER_EVENT_MAX, `JS heap grew ${Math.round(perEvent)} B per event sent: ${detail}`);
  } finally {
    await context.close().catch(() => {});
  }
});
