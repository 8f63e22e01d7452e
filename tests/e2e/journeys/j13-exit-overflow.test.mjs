// Journey 13 — nothing lost at page exit when more is unsent than the outbox holds (issue 15,
// item 4; the silent loss journey 11 showed once under CI load). The collector is down and the
// CPU throttled 6× (CDP): (1) a page holds more unsent telemetry than the localStorage outbox
// takes (256 KiB) within its 512 KiB memory cap, then reloads; (2) a page with a 16 KiB queue
// spills to IndexedDB and its tab is closed at once, while the spill writes may still be open.
// Then the collector returns: a later page of the same origin delivers every event exactly once
// (by id), no loss record, `dropped` 0. Before the fix, (1) lost what exit left to the
// asynchronous IndexedDB write, cut by the unload, without counting it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { until, withPage } from '../lib/chromium.mjs';
import { config, open, pageErrors, stats, useFixtures } from '../faults/helpers.mjs';
import { spilledCount } from '../lib/spill-store.mjs';

const env = useFixtures('exit-overflow', { collector: true });
const THROTTLE = 6;
/** Longest wait for everything once the collector is back (the outbox, then the spill store). */
const REDELIVERY_MS = 45_000;

/** Stored rows of actions named `${prefix}…` and loss records of `sessions`: [{ id, eventName, name, dropped }]. */
function stored(prefix, sessions) {
  const quote = (s) => `'${s.replace(/'/g, "''")}'`;
  const sql = `SELECT event_id, event_name, name, json_extract(attributes, '$."va_rollout.dropped"') FROM events
    WHERE name LIKE ${quote(`${prefix}-%`)} OR (event_name = 'va_rollout.loss' AND session_id IN (${[...sessions].map(quote).join(',')}))`;
  const out = execFileSync('sqlite3', ['-readonly', '-separator', '\t', env.collector.db, sql], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((line) => {
    const [id, eventName, name, dropped] = line.split('\t');
    return { id, eventName, name, dropped: Number(dropped || 0) };
  });
}

async function throttle(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
}

/** Tracks `n` actions `${prefix}-<i>` padded with `pad` characters (a larger record each). */
function track(page, prefix, n, pad) {
  return page.evaluate(([p, count, width]) => {
    const tail = 'x'.repeat(width);
    for (let i = 0; i < count; i++) window.rollout.track.action(`${p}-${String(i).padStart(4, '0')}-${tail}`);
  }, [prefix, n, pad]);
}

/** The collector returns; waits until `n` actions of `prefix` are stored, then checks each once and no loss. */
async function everyActionOnce(page, prefix, n, sessions) {
  await env.collector.start();
  const actions = () => new Set(stored(prefix, sessions).filter((r) => r.eventName === 'va_rollout.action').map((r) => r.name)).size;
  try {
    await until(() => actions() >= n, `${n} actions stored`, { timeoutMs: REDELIVERY_MS, everyMs: 500 });
  } catch (e) {
    const losses = stored(prefix, sessions).filter((r) => r.eventName === 'va_rollout.loss');
    e.message += `; stored ${actions()} of ${n}; loss records ${JSON.stringify(losses)}; page ${JSON.stringify(await stats(page))}; ${await spilledCount(page)} in IndexedDB`;
    throw e;
  }
  const s = await until(async () => { const x = await stats(page); return x.pending === 0 && x; }, 'nothing pending', { timeoutMs: REDELIVERY_MS, everyMs: 250 });
  const rows = stored(prefix, sessions);
  assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'distinct event ids');
  assert.equal(rows.filter((r) => r.eventName === 'va_rollout.action').length, n, 'every action once');
  assert.deepEqual(rows.filter((r) => r.eventName === 'va_rollout.loss'), [], 'no loss record');
  assert.deepEqual({ dropped: s.dropped, failed: s.failed }, { dropped: 0, failed: 0 }, JSON.stringify(s));
  return s;
}

test('more unsent than the outbox holds, CPU throttled, then a reload: every event once after the collector returns', async () => {
  await withPage(env.browser, 'j13-reload', async (page, errors, context) => {
    await env.collector.stop();
    const cfg = config({ telemetryUrl: env.collector.origin, tag: 'j13-reload' });
    await open(page, env.server, cfg);
    await throttle(context, page);
    const n = 900;
    await track(page, 'j13r', n, 230);
    const before = await stats(page);
    assert.equal(before.sent, 0);
    // Let spill writes settle (the store's count stops changing), as a page lives on between clicks.
    let last = -2;
    await until(async () => { const c = await spilledCount(page); const same = c === last; last = c; return same; }, 'the spill store to settle', { timeoutMs: 15_000, everyMs: 500 });
    await page.reload();
    await page.waitForFunction(() => window.__vaStarted || window.__vaStartError, null, { timeout: 30_000 });
    const s = await everyActionOnce(page, 'j13r', n, new Set([before.sessionId, (await stats(page)).sessionId]));
    assert.deepEqual(pageErrors(errors), [], 'no uncaught error or console.error');
    console.log(`# j13 reload: ${n} actions (${before.queued} queued, ${last} in IndexedDB before the reload); the next page: ${JSON.stringify(s)}`);
  });
});

test('a 16 KiB queue spilling, CPU throttled, its tab closed at once: every event once from a new tab', async () => {
  await withPage(env.browser, 'j13-close', async (page, errors, context) => {
    await env.collector.stop();
    const cfg = config({ telemetryUrl: env.collector.origin, tag: 'j13-close', telemetry: { maxQueueBytes: 16384 } });
    await open(page, env.server, cfg);
    await throttle(context, page);
    const n = 300;
    await track(page, 'j13c', n, 0);
    const first = await stats(page);
    await page.close({ runBeforeUnload: true });
    const next = await context.newPage();
    await open(next, env.server, cfg);
    const sessions = new Set([first.sessionId, (await stats(next)).sessionId]);
    const s = await everyActionOnce(next, 'j13c', n, sessions);
    assert.deepEqual(pageErrors(errors), [], 'no uncaught error or console.error');
    console.log(`# j13 close: ${n} actions (${first.queued} queued on the closed tab); the new tab: ${JSON.stringify(s)}`);
  });
});
