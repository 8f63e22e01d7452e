// Fault matrix, telemetry delivery: the collector down (the real collector, stopped and
// restarted), answering 500 / 429 + Retry-After, slow, closing the connection mid-request (a
// scripted server), and down across a page reload (localStorage outbox, the real collector).
// For each: nothing thrown into the page, the queue held within its caps, everything still held
// delivered once the collector answers, and telemetryStats() equal to what was received.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until, withPage } from '../lib/chromium.mjs';
import {
  KEYS,
  assertDelivered, assertStatsBalance, config, fmtStats, open, pageErrors, settled, stats, storedRows, trackActions, unacknowledgedRecords, useFixtures,
} from './helpers.mjs';

const env = useFixtures('collector', { collector: true });



/** A page config sending telemetry to `url` (no flag endpoint: bootstrap only). */
const telemetryConfig = (url, tag, telemetry = {}) => config({ telemetryUrl: url, tag, telemetry });

/** Scripted /v1/logs: `responses` for the first requests, then `final` (default 200) repeated. */
async function scriptedCase(name, responses, body, final = { json: {} }) {
  env.server.reset();
  env.server.script('/v1/logs', ...responses, final);
  await withPage(env.browser, `faults-collector-${name}`, async (page, errors) => {
    const tag = `collector-${name}`;
    await open(page, env.server, telemetryConfig(env.server.url('/v1/logs'), tag));
    const summary = await body(page, tag);
    assert.deepEqual(pageErrors(errors), [], 'no uncaught error or console.error');
    env.observed.push({ name, summary });
  });
}

test('500: the batch is retried with backoff and delivered once; retried counts the failed attempts', async () => {
  await scriptedCase('500', [{ status: 500, json: {} }, { status: 500, json: {} }], async (page, tag) => {
    await trackActions(page, 'c500', 10);
    const { stats: s, got } = await assertDelivered(page, env.server, tag);
    assert.equal(s.retried, unacknowledgedRecords(got), 'retried = records in the two failed attempts');
    assert.ok(s.retried > 0);
    const t = got.requests.map((r) => r.t);
    const gaps = t.slice(1).map((x, i) => x - t[i]);
    // Backoff: 500–1000 ms, then 1000–2000 ms.
    assert.ok(gaps[0] >= 450 && gaps[1] >= 950, `backoff gaps ${gaps}`);
    return `${got.requests.length} requests (2 × 500), gaps ${gaps.slice(0, 2).join('/')} ms; ${fmtStats(s)}`;
  });
});

test('429 with Retry-After: 2 waits 2 s (not the 0.5–1 s backoff), then delivers', async () => {
  await scriptedCase('429', [{ status: 429, headers: { 'retry-after': '2' }, json: {} }], async (page, tag) => {
    await trackActions(page, 'c429', 10);
    const { stats: s, got } = await assertDelivered(page, env.server, tag);
    assert.equal(s.retried, unacknowledgedRecords(got));
    const [first, second] = got.requests;
    const gap = second.t - first.t;
    assert.equal(first.status, 429);
    assert.ok(gap >= 1_980 && gap < 3_500, `Retry-After gap ${gap} ms`);
    return `429 then 200 after ${gap} ms; ${fmtStats(s)}`;
  });
});

test('slow collector (1.5 s per answer): one request in flight, the page stays responsive, all delivered', async () => {
  const slow = { delayMs: 1_500, json: {} };
  await scriptedCase('slow', [], async (page, tag) => {
    await trackActions(page, 'slow-a', 25);
    await page.evaluate(() => window.rollout.flush());
    // While a request hangs, decisions and tracking stay synchronous and fast.
    const ms = await page.evaluate(() => {
      const t0 = performance.now();
      for (let i = 0; i < 1000; i++) window.rollout.isEnabled('fault_bootstrap_flag');
      window.rollout.track.action('slow-b-0');
      return performance.now() - t0;
    });
    assert.ok(ms < 200, `1000 isEnabled + 1 track took ${ms} ms during a slow send`);
    await trackActions(page, 'slow-c', 25);
    const { stats: s, got } = await assertDelivered(page, env.server, tag, { timeoutMs: 20_000 });
    const reqs = [...got.requests].sort((a, b) => a.t - b.t);
    for (let i = 1; i < reqs.length; i++) assert.ok(reqs[i].t >= reqs[i - 1].tEnd - 5, 'never two requests in flight');
    assert.equal(s.retried, 0);
    return `${reqs.length} sequential requests, 1000 isEnabled during a send ${ms.toFixed(1)} ms; ${fmtStats(s)}`;
  }, slow);
});

test('connection closed mid-request: retried, delivered, each event id acknowledged once', async () => {
  await scriptedCase('close', [{ destroy: true }, { destroy: true }], async (page, tag) => {
    await trackActions(page, 'close', 10);
    const { stats: s, got } = await assertDelivered(page, env.server, tag);
    assert.equal(got.requests.filter((r) => r.outcome === 'destroyed').length, 2);
    assert.equal(s.retried, unacknowledgedRecords(got), 'retried = records in the two cut requests');
    return `2 requests cut, then 200; ${fmtStats(s)}`;
  });
});

test('collector down, no spill store: the queue stays within maxQueueBytes (oldest dropped, counted, reported), the rest is delivered when it returns', async () => {
  await withPage(env.browser, 'faults-collector-down', async (page, errors) => {
    await env.collector.stop();
    const tag = 'collector-down';
    // spill.maxBytes 0: the behaviour without IndexedDB (journey 11 covers the spill).
    await open(page, env.server, telemetryConfig(`${env.collector.origin}`, tag, { maxQueueBytes: 16 * 1024, spill: { maxBytes: 0 } }));
    await trackActions(page, 'down', 300);
    await page.evaluate(() => window.rollout.flush());
    // A failed attempt (the in-flight batch waits for its retry), nothing sent, overflow dropped.
    const during = await until(async () => {
      const s = await stats(page);
      return s.retried > 0 && s.dropped > 0 ? s : null;
    }, 'a failed attempt and an overflow', { timeoutMs: 10_000, everyMs: 100 });
    assertStatsBalance(during);
    assert.equal(during.sent, 0);
    assert.ok(during.dropped > 0, 'overflow dropped');
    // 16 KiB of queue (estimated ≥ 100 bytes per event) plus one in-flight batch of 20.
    assert.ok(during.pending <= 16 * 1024 / 100 + 20, `pending ${during.pending} within the cap`);
    await env.collector.start();
    const s = await settled(page, 'delivery after the collector returns', 20_000);
    assertStatsBalance(s);
    const rows = storedRows(env.collector, s.sessionId);
    assert.equal(s.failed, 0);
    assert.equal(s.sent, during.pending + (s.queued - during.queued), 'everything held was delivered');
    assert.equal(rows.length, s.sent, 'stored rows = sent');
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'each event id once');
    assert.equal(rows.reduce((a, r) => a + r.dropped, 0), s.dropped, 'va_rollout.dropped carried = dropped');
    assert.deepEqual(pageErrors(errors), [], 'no uncaught error or console.error');
    env.observed.push({
      name: 'down',
      summary: `while down: ${fmtStats(during)}; after restart: ${fmtStats(s)}; ${rows.length} rows stored, ${new Set(rows.map((r) => r.id)).size} distinct ids`,
    });
  });
});

test('collector down across a page reload: the outbox survives in localStorage and is delivered exactly once', async () => {
  await withPage(env.browser, 'faults-collector-reload', async (page, errors, context) => {
    await env.collector.stop();
    // Before the SDK runs on each load: what the outbox holds.
    await context.addInitScript((key) => {
      try {
        window.__outboxAtLoad = JSON.parse(localStorage.getItem(key) ?? 'null');
      } catch (e) {
        window.__outboxAtLoad = String(e);
      }
    }, KEYS.outbox);
    const cfg = telemetryConfig(env.collector.origin, 'reload');
    await open(page, env.server, cfg);
    await trackActions(page, 'reload', 5);
    const before = await stats(page);
    assert.equal(before.sent, 0);
    await page.reload();
    await page.waitForFunction(() => window.__vaStarted || window.__vaStartError);
    const outbox = await page.evaluate(() => window.__outboxAtLoad);
    assert.ok(outbox && Array.isArray(outbox.records), `outbox present at the second load: ${JSON.stringify(outbox)?.slice(0, 200)}`);
    assert.equal(outbox.records.length, before.queued, 'every record of the first page is in the outbox');
    await new Promise((r) => setTimeout(r, 700)); // a failed attempt on the second page
    await env.collector.start();
    const s = await settled(page, 'delivery after reload', 20_000);
    assertStatsBalance(s);
    const rows = storedRows(env.collector, s.sessionId);
    const names = rows.filter((r) => r.eventName === 'va_rollout.action').map((r) => r.name).sort();
    assert.deepEqual(names, ['reload-0', 'reload-1', 'reload-2', 'reload-3', 'reload-4'], 'each action exactly once');
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length);
    assert.equal(rows.length, s.sent, 'stored rows = sent by the second page (restored + its own)');
    assert.ok(s.queued >= outbox.records.length, 'the restored records count as queued');
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEYS.outbox), null, 'outbox emptied');
    assert.deepEqual(pageErrors(errors), [], 'no uncaught error or console.error');
    env.observed.push({
      name: 'down across reload',
      summary: `page 1 ${fmtStats(before)}; outbox at reload ${outbox.records.length} records; page 2 after restart ${fmtStats(s)}; ${rows.length} rows, actions each once`,
    });
  });
});

test('collector down while the tab is hidden and shown again: what was handed over at hide is delivered when it returns', async () => {
  await withPage(env.browser, 'faults-collector-hidden', async (page, errors) => {
    await env.collector.stop();
    await open(page, env.server, telemetryConfig(env.collector.origin, 'hidden'));
    await trackActions(page, 'hidden', 5);
    const setVisibility = (state) =>
      page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    const hidden = await stats(page);
    await new Promise((r) => setTimeout(r, 300)); // the keepalive request fails
    await setVisibility('visible');
    await env.collector.start();
    const s = await settled(page, 'delivery after the tab came back and the collector returned', 15_000);
    assertStatsBalance(s);
    const rows = storedRows(env.collector, s.sessionId);
    const names = rows.filter((r) => r.eventName === 'va_rollout.action').map((r) => r.name).sort();
    assert.deepEqual(names, ['hidden-0', 'hidden-1', 'hidden-2', 'hidden-3', 'hidden-4'], 'each action exactly once');
    assert.equal(rows.length, s.sent, 'stored rows = sent');
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEYS.outbox), null, 'outbox emptied');
    assert.deepEqual(pageErrors(errors), [], 'no uncaught error or console.error');
    env.observed.push({
      name: 'down while hidden, tab shown again',
      summary: `at hide ${fmtStats(hidden)}; after the collector returned ${fmtStats(s)}; ${rows.length} rows, actions each once`,
    });
  });
});
