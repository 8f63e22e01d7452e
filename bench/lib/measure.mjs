// The in-browser measurements. Loops run inside the page (page.evaluate) and consume their
// results (a count returned to the driver), so the JIT cannot drop the calls.
import { open } from './browser.mjs';
import { FLAG_PEERS } from './build.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

/**
 * Startup: `loads` page loads per SDK, rounds interleaved across SDKs so machine noise spreads
 * evenly. cold = a new context per load (empty HTTP cache, no code cache); warm = reloads in one
 * context (HTTP cache and V8/wasm code cache on). A cold load's long tasks are counted until the
 * page has settled (the SDK's ready() and 200 ms, bench/entries/report.js), in all and after the
 * first decision.
 */
export async function startup(browser, blocker, origin, loads, log, { sdks = ['ours', ...FLAG_PEERS] } = {}) {
  const res = Object.fromEntries(sdks.map((s) => [s, { cold: [], warm: [], values: new Set(), sync: new Set(), longtasks: [], after: [] }]));
  const warmPages = {};
  for (const s of sdks) {
    const ctx = await blocker.cachingContext(browser);
    warmPages[s] = await ctx.newPage();
    await open(warmPages[s], origin, `startup-${s}`, null, 'result'); // first load fills the caches
  }
  for (let i = 0; i < loads; i++) {
    for (const s of sdks) {
      const ctx = await blocker.context(browser);
      const page = await ctx.newPage();
      await open(page, origin, `startup-${s}`, null, 'settled'); // long tasks: until the SDK has settled
      const r = await page.evaluate(longTasksOfLoad);
      await ctx.close();
      res[s].cold.push(r.ms); res[s].values.add(r.value); res[s].sync.add(r.sync); res[s].longtasks.push(...r.longtasks); res[s].after.push(...r.after);
      await open(warmPages[s], origin, `startup-${s}`, null, 'result');
      const w = await warmPages[s].evaluate(() => window.__benchResult);
      res[s].warm.push(w.ms); res[s].values.add(w.value);
    }
    if ((i + 1) % 10 === 0) log(`  startup: ${i + 1}/${loads} rounds`);
  }
  for (const p of Object.values(warmPages)) await p.context().close();
  const throttled = await throttledStartup(browser, blocker, origin, sdks, Math.max(5, Math.round(loads / 3)), log);
  const out = {};
  for (const s of sdks) {
    const r = res[s];
    out[s] = {
      loads: r.cold.length, coldMedianMs: median(r.cold), coldP90Ms: pct(r.cold, 0.9), warmMedianMs: median(r.warm), warmP90Ms: pct(r.warm, 0.9),
      values: [...r.values], synchronous: [...r.sync], longestTaskMs: r.longtasks.length ? Math.max(...r.longtasks) : 0, longTasks: r.longtasks.length,
      ...afterDecision(r.after),
      throttled4x: throttled[s],
    };
  }
  return out;
}

/** In the page: the first decision, every long task, and those that started after the decision. */
function longTasksOfLoad() {
  const r = window.__benchResult;
  const decided = window.__t0 + r.ms;
  return { ...r, longtasks: window.__longtasks, after: window.__longtasks.filter((_, i) => window.__longtaskAt[i] >= decided) };
}

/** The long tasks after the first decision (for ours: the core's join and what follows it). */
const afterDecision = (after) => ({ longestAfterMs: after.length ? Math.max(...after) : 0, longTasksAfter: after.length });

/**
 * Cold loads with the CPU throttled 4× through the DevTools protocol (Emulation.setCPUThrottlingRate,
 * a mid-range phone): the first decision's time and the long tasks (≥ 50 ms, PerformanceObserver).
 */
async function throttledStartup(browser, blocker, origin, sdks, loads, log) {
  const res = Object.fromEntries(sdks.map((s) => [s, { cold: [], longtasks: [], after: [] }]));
  for (let i = 0; i < loads; i++) {
    for (const s of sdks) {
      const ctx = await blocker.context(browser);
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await open(page, origin, `startup-${s}`, null, 'settled');
      const r = await page.evaluate(longTasksOfLoad);
      await ctx.close();
      res[s].cold.push(r.ms); res[s].longtasks.push(...r.longtasks); res[s].after.push(...r.after);
    }
  }
  log(`  startup: ${loads} cold loads per SDK with the CPU throttled 4×`);
  const out = {};
  for (const s of sdks) {
    const r = res[s];
    out[s] = { loads: r.cold.length, coldMedianMs: median(r.cold), longestTaskMs: r.longtasks.length ? Math.max(...r.longtasks) : 0, longTasks: r.longtasks.length, ...afterDecision(r.after) };
  }
  return out;
}

/** In-page: best of `runs` timed loops of n calls of bench[fn] (ids: fresh actor per call). */
async function timeLoop(page, fn, n, runs, freshIds) {
  return page.evaluate(async ({ fn, n, runs, freshIds }) => {
    const f = window.bench[fn];
    let best = Infinity;
    let on = 0;
    let sink = 0;
    const deadline = performance.now() + 20_000;
    for (let r = 0; r < runs && (r < 2 || performance.now() < deadline); r++) {
      const ids = freshIds ? Array.from({ length: n }, (_, i) => `actor-${r}-${i}-${Math.random().toString(36).slice(2, 8)}@example.com`) : null;
      let c = 0;
      const t = performance.now();
      if (ids) for (let i = 0; i < n; i++) c += f(ids[i]) ? 1 : 0;
      else for (let i = 0; i < n; i++) c += f() ? 1 : 0;
      const dt = performance.now() - t;
      best = Math.min(best, dt);
      on = c / n;
      sink += c;
      await new Promise((res) => setTimeout(res, 0));
    }
    return { nsPerCall: (best * 1e6) / n, fractionTrue: on, sink };
  }, { fn, n, runs, freshIds });
}

/** Evaluation: cached reads (1e6 calls) for every flag SDK; fresh-actor evaluation where local. */
export async function evaluation(browser, blocker, origin, { readCalls, actorCalls, runs, base = false }, log) {
  const out = { read: {}, forActor: {} };
  for (const s of ['ours', ...(base ? ['ours-base'] : []), ...FLAG_PEERS, 'baseline']) {
    const ctx = await blocker.context(browser);
    const page = await ctx.newPage();
    await open(page, origin, `page-${s}`, s.startsWith('ours') ? { telemetry: false } : null);
    const has = await page.evaluate(() => ({ read: !!window.bench.read, forActor: !!window.bench.forActor }));
    if (has.read) out.read[s] = await timeLoop(page, 'read', readCalls, runs, false);
    if (has.forActor) out.forActor[s] = await timeLoop(page, 'forActor', actorCalls, runs, true);
    log(`  evaluation: ${s} ${has.read ? `read ${out.read[s].nsPerCall.toFixed(1)} ns` : ''} ${has.forActor ? `fresh actor ${out.forActor[s].nsPerCall.toFixed(1)} ns` : ''}`);
    await ctx.close();
  }
  return out;
}

/** Distinct event indexes `tag-<i>` found in the decoded bodies, and total occurrences. */
function markers(records, tag) {
  const re = new RegExp(`${tag}-(\\d+)`, 'g');
  const seen = new Set();
  for (const r of records) for (const m of r.text.matchAll(re)) seen.add(Number(m[1]));
  return seen;
}

/** OTLP records of ours: event id → body, to find wire duplicates and double counting. */
function otlpRecords(records) {
  const out = [];
  for (const r of records) {
    let doc;
    try {
      doc = JSON.parse(r.text);
    } catch {
      continue;
    }
    for (const rl of doc.resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) for (const lr of sl.logRecords ?? []) {
      const id = (lr.attributes ?? []).find((a) => a.key === 'va_rollout.event.id')?.value?.stringValue;
      out.push({ id, body: lr.body?.stringValue });
    }
  }
  return out;
}

/** Waits until the sink has had no new request for `quietMs` (at most `maxMs`). */
export async function settle(server, sink, quietMs = 1500, maxMs = 15_000) {
  const end = Date.now() + maxMs;
  let last = -1;
  while (Date.now() < end) {
    const n = server.sinkSince(sink).length;
    if (n === last) return;
    last = n;
    await sleep(quietMs);
  }
}

/**
 * In-page: µs per `bench.track` call, for `runs` loops of `n` calls after a warm-up; and where
 * the page has `bench.process` (ours: `telemetryStats()`, which first processes the calls the SDK
 * captured and would otherwise process when the page is idle), the µs per event that takes,
 * right after each loop.
 */
export async function perEventCost(page, { n, runs }) {
  const rows = await page.evaluate(async ({ n, runs }) => {
    for (let i = 0; i < 100; i++) window.bench.track(`warm-${i}`, i);
    window.bench.process?.();
    const out = [];
    for (let r = 0; r < runs; r++) {
      await new Promise((res) => setTimeout(res, 50));
      const t0 = performance.now();
      for (let i = 0; i < n; i++) window.bench.track(`time-${r}-${i}`, i);
      const t1 = performance.now();
      const processed = window.bench.process ? (window.bench.process(), true) : false;
      out.push([((t1 - t0) * 1000) / n, processed ? ((performance.now() - t1) * 1000) / n : null]);
    }
    return out;
  }, { n, runs });
  return { calls: rows.map((x) => x[0]), processing: rows[0][1] === null ? null : rows.map((x) => x[1]) };
}

/** A tag of letters only: digit runs in event names would be scrubbed as PII. */
let tagCount = 0;
function letters() {
  let n = ++tagCount * 7919 + Math.floor(Math.random() * 1000);
  let s = 'ev';
  for (let i = 0; i < 6; i++, n = Math.floor(n / 26)) s += String.fromCharCode(97 + (n % 26));
  return s;
}

/** Opens the SDK page, tracks `count` events `tag-<i>`, runs `wait`, navigates, settles; returns the sink's records. */
async function trackAndLeave(browser, blocker, server, origin, t, sink, tag, count, wait, leaveTo) {
  const ctx = await blocker.context(browser);
  const page = await ctx.newPage();
  await open(page, origin, t.page, { ...t.cfg, sink });
  await sleep(500);
  await page.evaluate(({ count, tag }) => { for (let i = 0; i < count; i++) window.bench.track(`${tag}-${i}`, i); }, { count, tag });
  if (wait) await wait();
  if (leaveTo === 'same') await open(page, origin, t.page, { ...t.cfg, sink });
  else await page.goto(leaveTo);
  await settle(server, sink);
  await ctx.close();
  return server.sinkSince(sink);
}

export const TELEMETRY = [
  { key: 'ours', page: 'page-ours', cfg: {} },
  { key: 'datadog-rum', page: 'page-datadog-rum', cfg: { compress: false } },
  { key: 'datadog-rum+deflate', page: 'page-datadog-rum', cfg: { compress: true } },
  { key: 'datadog-rum-slim', page: 'page-datadog-rum-slim', cfg: {} },
  { key: 'faro', page: 'page-faro', cfg: { compress: false } },
  { key: 'faro+gzip', page: 'page-faro', cfg: { compress: true } },
];

/**
 * Telemetry: (a) main-thread µs per tracked event (median of `runs` timed loops of `n` events
 * after a warm-up; Datadog rate-limits at 3,000 actions a minute, so n × runs stays below);
 * (b) a fresh page tracks `events` events and navigates away at once: requests, bytes on the wire
 * and events delivered (distinct) at the intake, with a 0-event page as the baseline.
 */
export async function telemetry(browser, blocker, server, origin, { n, runs, events }, log) {
  const out = {};
  for (const t of TELEMETRY) {
    const sink = t.key.replace(/\W/g, '_');
    const cfg = { ...t.cfg, sink: `${sink}_time` };
    let ctx = await blocker.context(browser);
    let page = await ctx.newPage();
    await open(page, origin, t.page, cfg);
    await sleep(500);
    const { calls: perEventUs, processing } = await perEventCost(page, { n, runs });
    await ctx.close();

    // Wire cost: 1,000 events, the SDK's own batching flushes them (up to 40 s: Datadog's flush
    // timer is 30 s), then navigate away; net of a page that tracks nothing for 6 s.
    const wire = {};
    for (const count of [0, events]) {
      const wsink = `${sink}_wire${count}`;
      const tag = letters();
      const recs = await trackAndLeave(browser, blocker, server, origin, t, wsink, tag, count, async () => {
        if (count === 0) return sleep(6000);
        const end = Date.now() + 40_000;
        while (Date.now() < end && markers(server.sinkSince(wsink), tag).size < count) await sleep(250);
      }, 'about:blank');
      wire[count] = {
        requests: recs.length, bytes: recs.reduce((a, r) => a + r.bytes, 0),
        encodings: [...new Set(recs.map((r) => r.kind))], delivered: markers(recs, tag).size,
      };
    }
    // Delivery across a navigation: 200 events, then at once to the same page again (a new page
    // load of the same app, which lets an SDK resend what it kept).
    const nsink = `${sink}_nav`;
    const ntag = letters();
    const nrecs = await trackAndLeave(browser, blocker, server, origin, t, nsink, ntag, 200, null, 'same');
    const navDelivered = markers(nrecs, ntag).size;
    out[t.key] = {
      perEventUs: median(perEventUs), perEventUsRuns: perEventUs,
      processingUs: processing && median(processing), processingUsRuns: processing,
      requestsPer1000: ((wire[events].requests - wire[0].requests) * 1000) / Math.max(1, wire[events].delivered),
      bytesPer1000: ((wire[events].bytes - wire[0].bytes) * 1000) / Math.max(1, wire[events].delivered),
      bytesPerEvent: (wire[events].bytes - wire[0].bytes) / Math.max(1, wire[events].delivered),
      wire, navigation: { tracked: 200, delivered: navDelivered }, deliveredAcrossNavigation: navDelivered / 200,
    };
    log(`  telemetry: ${t.key} ${out[t.key].perEventUs.toFixed(2)} µs/event, ${out[t.key].requestsPer1000.toFixed(1)} req and ${Math.round(out[t.key].bytesPer1000)} B per 1000 (${wire[events].encodings.join(',')}), delivered ${wire[events].delivered}/${events}, across navigation ${navDelivered}/200`);
  }
  return out;
}

/**
 * Delivery across navigation (ours): events queued below every batch threshold, then the page
 * navigates to a second page of the same origin that starts the SDK again (outbox resend).
 * Counts distinct events arrived, wire duplicates (same id resent) and double counting (one
 * event under two ids: the collector would count it twice).
 */
export async function delivery(browser, blocker, server, origin, { trials, queued }) {
  const sink = 'ours_nav';
  const batch = { maxEvents: 500, maxBytes: 65536, maxDelayMs: 60000 };
  const results = [];
  for (let k = 0; k < trials; k++) {
    const ctx = await blocker.context(browser);
    const page = await ctx.newPage();
    await open(page, origin, 'page-ours', { sink, batch });
    const tag = letters();
    const stats = await page.evaluate(({ tag, queued }) => {
      for (let i = 0; i < queued; i++) window.bench.track(`${tag}-${i}`, i);
      return window.bench.stats();
    }, { tag, queued });
    await open(page, origin, 'page-ours', { sink, batch }); // the navigation; the new page resends the outbox
    await settle(server, sink, 1500);
    await ctx.close();
    const recs = otlpRecords(server.sinkSince(sink)).filter((r) => r.body && r.body.startsWith(`${tag}-`));
    const ids = new Map();
    const bodies = new Map();
    for (const r of recs) {
      ids.set(r.id, (ids.get(r.id) ?? 0) + 1);
      if (!bodies.has(r.body)) bodies.set(r.body, new Set());
      bodies.get(r.body).add(r.id);
    }
    results.push({
      queued, pendingBeforeNavigation: stats.pending ?? stats.queued - stats.sent, delivered: bodies.size,
      wireDuplicates: [...ids.values()].reduce((a, c) => a + c - 1, 0),
      doubleCounted: [...bodies.values()].filter((s) => s.size > 1).length,
    });
  }
  const sum = (k) => results.reduce((a, r) => a + r[k], 0);
  return { trials: results, queued: sum('queued'), delivered: sum('delivered'), rate: sum('delivered') / sum('queued'), wireDuplicates: sum('wireDuplicates'), doubleCounted: sum('doubleCounted') };
}

/** Main-thread cost of ours at start (Rollout.start, sync) and per flush of q queued events. */
export async function mainThread(browser, blocker, origin) {
  const out = { flush: {} };
  const ctx = await blocker.context(browser);
  const page = await ctx.newPage();
  await open(page, origin, 'page-ours', { sink: 'ours_flush', batch: { maxEvents: 500, maxBytes: 65536, maxDelayMs: 60000 } });
  out.startSyncMs = await page.evaluate(() => window.bench.startMs);
  for (const q of [50, 100]) {
    out.flush[q] = await page.evaluate(async (q) => {
      const times = [];
      for (let r = 0; r < 5; r++) {
        for (let i = 0; i < q; i++) window.bench.track(`flush-${q}-${r}-${i}`, i);
        const t = performance.now();
        window.bench.flush();
        times.push(performance.now() - t);
        await new Promise((res) => setTimeout(res, 200));
      }
      return Math.max(...times);
    }, q);
  }
  out.longTasksDuringRun = await page.evaluate(() => window.__longtasks);
  await ctx.close();
  return out;
}
