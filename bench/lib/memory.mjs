// Memory (issue 13, target 7): what a page holds with each SDK after it starts, after 10,000
// tracked events, after its queue has drained, and after a second 10,000 events and drain (the
// growth between the two drained samples is what the SDK keeps per 10,000 events). JS heap after
// a full GC and wasm linear memory, read through the DevTools protocol
// (tests/e2e/lib/page-memory.mjs).
import { pageMemory } from '../../tests/e2e/lib/page-memory.mjs';
import { open } from './browser.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const EVENTS = 10_000;

/**
 * The pages measured. `work` is what 10,000 events mean for the SDK: tracked actions for ours and
 * Datadog RUM (which keeps at most 3,000 actions a minute and drops the rest, as it does on a
 * real page), fresh-actor evaluations for GrowthBook (a flag SDK: it has no event queue), nothing
 * for the empty page.
 */
const PAGES = [
  { key: 'ours', page: 'page-ours', work: 'track' },
  { key: 'datadog-rum', page: 'page-datadog-rum', work: 'track' },
  { key: 'growthbook', page: 'page-growthbook', work: 'forActor' },
  { key: 'empty page', page: 'page-baseline', work: null },
];

/** Runs `bench[work]` `EVENTS` times in chunks, yielding between them as a page would. */
async function doWork(page, work, round) {
  if (!work) return;
  for (let from = 0; from < EVENTS; from += 1_000) {
    await page.evaluate(({ work, round, from }) => {
      for (let i = from; i < from + 1_000; i++) window.bench[work](work === 'track' ? `memory-${round}-${i}` : `actor-${round}-${i}`, i);
    }, { work, round, from });
    await sleep(10);
  }
}

/** Waits until the SDK's queue is empty: ours by its stats, a peer by its intake going quiet. */
async function drain(page, server, sink) {
  const hasStats = await page.evaluate(() => typeof window.bench.stats === 'function');
  const end = Date.now() + 45_000;
  if (hasStats) {
    await page.evaluate(() => window.bench.flush?.());
    while (Date.now() < end && (await page.evaluate(() => window.bench.stats()?.pending ?? 0)) > 0) await sleep(250);
    return page.evaluate(() => window.bench.stats()?.pending ?? 0);
  }
  // Datadog flushes on its batch limits and a 30 s timer: wait for its intake to be quiet for 5 s.
  let last = -1;
  while (Date.now() < end) {
    const n = server.sinkSince(sink).length;
    if (n === last) break;
    last = n;
    await sleep(5_000);
  }
  return null;
}

/** One row per page: { start, afterEvents, drained, drainedAgain, growth, pendingAfterDrain }. */
export async function memory(browser, blocker, server, origin, log) {
  const out = {};
  for (const p of PAGES) {
    const sink = `memory_${p.key.replace(/\W/g, '_')}`;
    const ctx = await blocker.context(browser);
    const page = await ctx.newPage();
    await open(page, origin, p.page, { sink });
    const cdp = await ctx.newCDPSession(page);
    await sleep(500);
    const start = await pageMemory(cdp);
    await doWork(page, p.work, 1);
    const afterEvents = await pageMemory(cdp);
    const pending1 = await drain(page, server, sink);
    const drained = await pageMemory(cdp);
    await doWork(page, p.work, 2);
    const pending2 = await drain(page, server, sink);
    const drainedAgain = await pageMemory(cdp);
    await ctx.close();
    out[p.key] = {
      work: p.work, start, afterEvents, drained, drainedAgain, pendingAfterDrain: pending2 ?? pending1,
      growth: { jsHeapUsed: drainedAgain.jsHeapUsed - drained.jsHeapUsed, wasm: drainedAgain.wasm - drained.wasm },
    };
    log(`  memory: ${p.key} heap ${start.jsHeapUsed} → ${afterEvents.jsHeapUsed} → drained ${drained.jsHeapUsed} → again ${drainedAgain.jsHeapUsed} B; wasm ${start.wasm} → ${drainedAgain.wasm} B`);
  }
  return out;
}
