// Journey 11 — nothing lost through a long outage or an overloaded collector (issue 15 item 4).
// The app and its flags come from one collector (always up), telemetry goes to a second one (its
// own origin, CORS), so that the page can reload while the telemetry collector is down. The demo
// app is clicked at 3 clicks a second while (1) the collector is down, (2) the collector
// answers most ingest requests 429 (its per-client rate limit forced low), with a reload and a tab
// close + reopen in between. The queue's memory cap is set small (16 KiB) so that the outage
// spills to IndexedDB. Then the collector returns (or the load falls): every click arrives exactly
// once (distinct event ids, the clicks performed), no loss record is stored, the last page's
// `dropped` is 0. CI size: JOURNEY11_MS (default 75 s) per phase; E2E_LONG=1 runs 5 minutes
// (scripts/nightly.sh).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until, watchErrors } from '../lib/chromium.mjs';
import { startCollector } from '../lib/collector.mjs';
import { readEvents } from '../lib/collector-data.mjs';
import { spilledCount } from '../lib/spill-store.mjs';
import { FLOW, PATHS, clickAction, sessionOf, startDemo, telemetryStats, waitForPage } from './helpers.mjs';

const LONG = process.env.E2E_LONG === '1';
const PHASE_MS = Number(process.env.JOURNEY11_MS ?? (LONG ? 300_000 : 75_000));
const CLICK_EVERY_MS = 333;
/** Longest wait for everything after the collector returns: backoff tops out at 60 s, claims lapse in 30 s. */
const REDELIVERY_MS = 150_000;
const USER = 'j10.noloss@example.com';
const NETWORK_LINE = /^console\.error: Failed to load resource: /;

/** One round of the curated flow and back home: 7 clicks, all SPA navigations. */
const ROUND = [
  ['Messages link', null, 'inbox'],
  ['Start a new message button', null, 'interstitial'],
  ['Continue to start message button on Interstitial Page', null, 'recent'],
  ['Recent Care Teams radio option', 'alternate', null],
  ['Continue button on Recent care teams page', null, 'start-message'],
  ['Select a different care team link', null, 'select-care-team'],
  ['Home link', null, 'home'],
];

/** A tab whose app sends telemetry to `sink` with a 16 KiB queue (so that an outage spills). */
async function newTab(context, sink) {
  const page = await context.newPage();
  await page.addInitScript((t) => { window.vaDemoTelemetry = t; }, { url: sink.origin, maxQueueBytes: 16384 });
  return { page, errors: watchErrors(page) };
}

/**
 * Clicks through the app at 3 clicks/s for `ms`, reloading at 1/3 and closing the tab and
 * opening a new one at 2/3. Returns { page, errors, clicks, sessions }.
 */
async function clickThrough(demo, sink, context, ms) {
  let { page, errors } = await newTab(context, sink);
  const allErrors = [];
  await demo.openAs(page, USER, PATHS.home);
  const sessions = new Set([await sessionOf(page)]);
  const t0 = Date.now();
  let clicks = 0;
  let step = 0;
  let last = 0;
  let reloaded = false;
  let reopened = false;
  // /recent restores the last choice, and a radio reports on change: always pick the other team.
  let team = '9841002';
  while (Date.now() - t0 < ms) {
    const elapsed = Date.now() - t0;
    const home = step % ROUND.length === 0;
    if (home && !reloaded && elapsed > ms / 3) {
      reloaded = true;
      await page.reload({ waitUntil: 'domcontentloaded' });
      await waitForPage(page, 'home');
    } else if (home && !reopened && elapsed > (2 * ms) / 3) {
      reopened = true;
      allErrors.push(...errors);
      await page.close({ runBeforeUnload: true });
      ({ page, errors } = await newTab(context, sink));
      await demo.openAs(page, USER, PATHS.home);
      sessions.add(await sessionOf(page));
      step = 0;
    }
    const [name, value, next] = ROUND[step % ROUND.length];
    await new Promise((r) => setTimeout(r, Math.max(0, last + CLICK_EVERY_MS - Date.now())));
    last = Date.now();
    if (value === 'alternate') team = team === '9831001' ? '9841002' : '9831001';
    await clickAction(page, name, value === 'alternate' ? team : undefined);
    clicks += 1;
    step += 1;
    if (next) await waitForPage(page, next);
  }
  return { page, errors, allErrors, clicks, sessions };
}

function rowsOf(sink, sessions) {
  return readEvents(sink.db).filter((e) => sessions.has(e.session_id));
}

/** Waits until the pages' clicks are all stored, then checks exactly once and no loss. */
async function everyClickOnce(sink, run) {
  const clicksStored = () => rowsOf(sink, run.sessions).filter((e) => e.event_name === 'va_rollout.click').length;
  try {
    await until(() => clicksStored() >= run.clicks, `${run.clicks} clicks stored`, { timeoutMs: REDELIVERY_MS, everyMs: 1000 });
  } catch (e) {
    const stats = await telemetryStats(run.page).catch(() => null);
    e.message += `; stored ${clicksStored()} clicks, ${rowsOf(sink, run.sessions).length} events; last page ${JSON.stringify(stats)}; ${await spilledCount(run.page)} in IndexedDB`;
    throw e;
  }
  let last = null;
  await until(async () => (last = await telemetryStats(run.page)).pending === 0, 'the last page has nothing pending', { timeoutMs: REDELIVERY_MS, everyMs: 500 })
    .catch((e) => { e.message += `: ${JSON.stringify(last)}`; throw e; });
  await new Promise((r) => setTimeout(r, 1000)); // nothing more may arrive
  const rows = rowsOf(sink, run.sessions);
  assert.equal(new Set(rows.map((e) => e.event_id)).size, rows.length, 'distinct event ids');
  assert.equal(rows.filter((e) => e.event_name === 'va_rollout.click').length, run.clicks, 'every click once');
  assert.deepEqual(rows.filter((e) => e.event_name === 'va_rollout.loss'), [], 'no loss record');
  const stats = await telemetryStats(run.page);
  assert.deepEqual({ dropped: stats.dropped, failed: stats.failed }, { dropped: 0, failed: 0 }, JSON.stringify(stats));
  return { rows, stats };
}

test(`collector down for ${PHASE_MS / 1000} s at 3 clicks/s, a reload and a tab reopen: every event once`, async () => {
  const demo = await startDemo();
  const sink = await startCollector({ flagsFile: null, args: ['--cors-origin', demo.origin] });
  try {
    await demo.flipper.addActor(FLOW, USER);
    const context = await demo.browser.newContext();
    await sink.stop();
    const run = await clickThrough(demo, sink, context, PHASE_MS);
    const during = await telemetryStats(run.page);
    assert.ok(during.pending > 0, `events wait: ${JSON.stringify(during)}`);
    const spilled = await spilledCount(run.page);
    assert.ok(spilled > 0, `the outage spilled to IndexedDB: ${spilled}`);
    await sink.start();
    const restartedAt = Date.now();
    const { rows } = await everyClickOnce(sink, run);
    console.log(`# j10 outage: ${run.clicks} clicks, ${rows.length} events over ${PHASE_MS} ms, ${spilled} in IndexedDB at the end of the outage; all stored once ${Date.now() - restartedAt} ms after the restart`);
    assert.deepEqual([...run.allErrors, ...run.errors].filter((e) => !NETWORK_LINE.test(e)), []);
    await context.close();
  } finally {
    await demo.stop();
    await sink.stop();
  }
});

test(`collector overloaded (rate limit 0.2 requests/s) for ${PHASE_MS / 1000} s: every event once, later`, async () => {
  const demo = await startDemo();
  const sink = await startCollector({
    flagsFile: null,
    args: ['--cors-origin', demo.origin, '--ingest-rate', '0.2', '--ingest-burst', '1', '--rate-limit-loopback'],
  });
  try {
    await demo.flipper.addActor(FLOW, USER);
    const context = await demo.browser.newContext();
    const run = await clickThrough(demo, sink, context, PHASE_MS);
    const t = Date.now();
    const { rows, stats } = await everyClickOnce(sink, run);
    assert.ok(stats.retried > 0, `the collector refused some requests with 429: ${JSON.stringify(stats)}`);
    console.log(`# j10 overload: ${run.clicks} clicks, ${rows.length} events, ${stats.retried} record retries; all stored once ${Date.now() - t} ms after the clicking stopped`);
    assert.deepEqual([...run.allErrors, ...run.errors].filter((e) => !NETWORK_LINE.test(e) && !/429/.test(e)), []);
    await context.close();
  } finally {
    await demo.stop();
    await sink.stop();
  }
});
