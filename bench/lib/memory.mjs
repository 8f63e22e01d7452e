// Memory (issue 13, target 7): what a page holds with each SDK after it starts, after 10,000
// tracked events, after its queue has drained, and after further rounds of 10,000 events, each
// drained. JS heap after a full GC and wasm linear memory, read through the DevTools protocol
// (tests/e2e/lib/page-memory.mjs). Growth is read over the last rounds, after a warm-up: wasm
// memory never shrinks, and it steps up to a new high-water mark only when a round holds more
// events at once than any before it (a run of 20 rounds, 200,000 events, at 6fcf289: 3.67 MB
// drained through round 8, 3.93 MB from round 9 to 20).
import { pageMemory } from '../../tests/e2e/lib/page-memory.mjs';
import { open } from './browser.mjs';
import { settle } from './measure.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const EVENTS = 10_000;
/** Rounds of EVENTS calls (BENCH_MEMORY_ROUNDS, at least 4); growth is read over the last 3. */
export const ROUNDS = Math.max(4, Number(process.env.BENCH_MEMORY_ROUNDS) || 8);
export const WARM_ROUNDS = ROUNDS - 3;

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
  await settle(server, sink, 5_000, 45_000);
  return null;
}

/** One row per page: { start, afterEvents, drained, warm, last, growth, pendingAfterDrain }. */
export async function memory(browser, blocker, server, origin, log) {
  const out = {};
  for (const p of PAGES) {
    const sink = `memory_${p.key.replace(/\W/g, '_')}`;
    const ctx = await blocker.context(browser);
    const page = await ctx.newPage();
    await open(page, origin, p.page, { sink });
    const cdp = await ctx.newCDPSession(page);
    await sleep(500);
    const row = { work: p.work, start: await pageMemory(cdp) };
    for (let round = 1; round <= ROUNDS; round++) {
      await doWork(page, p.work, round);
      if (round === 1) row.afterEvents = await pageMemory(cdp);
      row.pendingAfterDrain = await drain(page, server, sink);
      const drained = await pageMemory(cdp);
      if (round === 1) row.drained = drained;
      if (round === WARM_ROUNDS) row.warm = drained;
      if (round === ROUNDS) row.last = drained;
    }
    await ctx.close();
    row.growth = { jsHeapUsed: row.last.jsHeapUsed - row.warm.jsHeapUsed, wasm: row.last.wasm - row.warm.wasm };
    out[p.key] = row;
    log(`  memory: ${p.key} heap ${row.start.jsHeapUsed} → ${row.afterEvents.jsHeapUsed} → drained ${row.drained.jsHeapUsed} → round ${WARM_ROUNDS} ${row.warm.jsHeapUsed} → round ${ROUNDS} ${row.last.jsHeapUsed} B; wasm ${row.start.wasm} → ${row.drained.wasm} → ${row.warm.wasm} → ${row.last.wasm} B`);
  }
  return out;
}
