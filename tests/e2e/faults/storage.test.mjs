// Fault matrix, browser storage: localStorage full (QuotaExceededError before the SDK starts),
// disabled (SecurityError on access, as with cookies blocked), and holding garbage / older
// formats under the SDK's keys. For each: nothing thrown into the page, decisions from the
// server or the documented fallback, telemetry delivered and telemetryStats() true.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withPage } from '../lib/chromium.mjs';
import {
  BOOT, CACHED, DEFAULTED, OK_FLAGS, KEYS,
  assertDelivered, assertStatsBalance, config, decisions, fmtStats, open, pageErrors, ready, settled, storedRows, trackActions, useFixtures,
} from './helpers.mjs';

const env = useFixtures('storage', { collector: true });

const pick = (x) => ({ value: x.value, reason: x.reason, source: x.source });
const FRESH = { value: true, reason: 'STATIC', source: 'vets-api' };
const BOOTSTRAPPED = { value: true, reason: 'STATIC', source: 'bootstrap' };

function scriptHealthy() {
  env.server.reset();
  env.server.script('/flags/ok', { json: OK_FLAGS });
  env.server.script('/flags/500', { status: 500, json: {} });
  env.server.script('/v1/logs', { json: {} });
}

/** Fills localStorage until QuotaExceededError, halving the value size down to one char. */
function fillLocalStorage() {
  let total = 0;
  let keys = 0;
  let error = null;
  for (let size = 1 << 20; size >= 1; ) {
    try {
      localStorage.setItem(`fill:${keys}`, 'x'.repeat(size));
      total += size;
      keys += 1;
    } catch (e) {
      error = e.name;
      size = Math.floor(size / 2);
    }
  }
  let small = null;
  try {
    localStorage.setItem('va-rollout:probe', '{}');
  } catch (e) {
    small = e.name;
  }
  return { total, keys, error, small };
}

test('localStorage full (QuotaExceededError): fresh decisions, no cache or outbox written, telemetry delivered', async () => {
  scriptHealthy();
  await withPage(env.browser, 'faults-storage-full', async (page, errors, context) => {
    await context.addInitScript((key) => {
      window.__outboxAtLoad = localStorage.getItem(key);
    }, KEYS.outbox);
    await page.goto(env.server.url('/blank.html'));
    const fill = await page.evaluate(fillLocalStorage);
    assert.equal(fill.error, 'QuotaExceededError');
    assert.equal(fill.small, 'QuotaExceededError', 'not even a 2-byte value fits');

    const cfg = config({ flagsUrl: env.server.url('/flags/ok'), telemetryUrl: env.server.url('/v1/logs'), tag: 'full' });
    await open(page, env.server, cfg);
    await ready(page);
    const d = await decisions(page);
    assert.deepEqual(pick(d[CACHED]), FRESH);
    assert.equal(d.lastError, null, 'a refused cache write is not an error');
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEYS.flags), null, 'no cache written');
    assert.equal(await page.evaluate(() => window.vaRollout.override('fault_cached_flag', false)), true, 'override applies in memory');
    assert.equal(await page.evaluate(() => window.rollout.isEnabled('fault_cached_flag')), false);
    await page.evaluate(() => window.vaRollout.clearOverrides());
    await trackActions(page, 'full', 5);
    const { stats: s } = await assertDelivered(page, env.server, 'full');

    // Collector failing at exit: the outbox cannot be written, nothing throws, the next page starts clean.
    env.server.script('/v1/logs', { status: 503, json: {} });
    await trackActions(page, 'full-exit', 5);
    await open(page, env.server, { ...cfg, telemetry: { ...cfg.telemetry, serviceVersion: 'full-2' } });
    assert.equal(await page.evaluate(() => window.__outboxAtLoad), null, 'no outbox could be written');
    env.server.script('/v1/logs', { json: {} });
    const s2 = await assertDelivered(page, env.server, 'full-2');
    assert.deepEqual(pageErrors(errors), [], 'no uncaught error or console.error');
    env.observed.push({
      name: 'localStorage full',
      summary: `filled ${fill.total} chars in ${fill.keys} keys; ${CACHED} ${d[CACHED].reason}/${d[CACHED].source}, lastError null, cache key absent, override in memory only; ${fmtStats(s)}; after a reload with the collector at 503: no outbox, next page ${fmtStats(s2.stats)}`,
    });
  });
});

test('storage disabled (SecurityError on access): fresh decisions, no cache (failures fall to bootstrap/default), telemetry delivered', async () => {
  scriptHealthy();
  await withPage(env.browser, 'faults-storage-disabled', async (page, errors, context) => {
    await context.addInitScript(() => {
      for (const name of ['localStorage', 'sessionStorage']) {
        Object.defineProperty(window, name, {
          configurable: true,
          get() {
            throw new DOMException(`Failed to read the '${name}' property from 'Window': Access is denied for this document.`, 'SecurityError');
          },
        });
      }
    });
    const cfg = (flagsPath, tag) => config({ flagsUrl: env.server.url(flagsPath), telemetryUrl: env.server.url('/v1/logs'), tag });
    await open(page, env.server, cfg('/flags/ok', 'disabled'));
    const probe = await page.evaluate(() => {
      try {
        return typeof window.localStorage;
      } catch (e) {
        return e.name;
      }
    });
    assert.equal(probe, 'SecurityError');
    await ready(page);
    const d = await decisions(page);
    assert.deepEqual(pick(d[CACHED]), FRESH);
    assert.equal(d.lastError, null);
    assert.equal(await page.evaluate(() => window.vaRollout.override('fault_cached_flag', false)), true, 'override applies in memory');
    await trackActions(page, 'disabled', 5);
    const { stats: s } = await assertDelivered(page, env.server, 'disabled');
    assert.ok(/^[0-9a-f-]{36}$/.test(s.sessionId), `a session id without storage: ${s.sessionId}`);

    // Next load against a failing endpoint: no cache and no stored override to fall back on.
    await open(page, env.server, cfg('/flags/500', 'disabled-2'));
    await ready(page);
    const d2 = await decisions(page);
    assert.deepEqual(pick(d2[BOOT]), BOOTSTRAPPED);
    assert.deepEqual(pick(d2[CACHED]), { value: false, reason: 'ERROR', source: 'default' });
    assert.deepEqual(pick(d2[DEFAULTED]), { value: true, reason: 'ERROR', source: 'default' });
    const { stats: s2 } = await assertDelivered(page, env.server, 'disabled-2');
    assert.deepEqual(pageErrors(errors), [], 'no uncaught error or console.error');
    env.observed.push({
      name: 'storage disabled',
      summary: `${CACHED} ${d[CACHED].reason}/${d[CACHED].source}; ${fmtStats(s)}; next load with the endpoint at 500: ${BOOT} ${d2[BOOT].reason}/${d2[BOOT].source}, ${CACHED} ${d2[CACHED].reason}/${d2[CACHED].source} (no cache), ${DEFAULTED} ${d2[DEFAULTED].reason}/${d2[DEFAULTED].source}; ${fmtStats(s2)}`,
    });
  });
});


const FAR = 4_000_000_000_000;
/** Garbage per key: junk text, or JSON shaped like an older / different version. */
const GARBAGE = {
  junk: {
    [KEYS.flags]: '\u0000{"owner":',
    [KEYS.overrides]: 'true',
    [KEYS.outbox]: `[${'9,'.repeat(50_000)}9]`,
    [KEYS.session]: '',
    [KEYS.exposures]: '{{{',
    [KEYS.pins]: 'null',
  },
  older: {
    [KEYS.flags]: JSON.stringify({ owner: 1, entry: { version: 0, doc: { [CACHED]: false }, fetchedAtMs: Date.now() } }),
    [KEYS.overrides]: JSON.stringify({ version: 0, entries: { [CACHED]: { value: false, expiresAtMs: FAR } } }),
    [KEYS.outbox]: JSON.stringify({
      version: 1,
      records: [
        { r: '{not json}', t: Date.now() },
        { r: '{"old":"record format"}', t: Date.now() },
        { r: '{"timeUnixNano":"1","body":{"stringValue":"no id"}}', t: Date.now() },
        { r: '{"timeUnixNano":"1","attributes":[{"key":"va_rollout.event.id","value":{"stringValue":"x"}},{oops}]}', t: Date.now() },
      ],
    }),
    [KEYS.session]: '{"id":"veteran@example.com","v":0}',
    [KEYS.exposures]: JSON.stringify({ seen: 'all' }),
    [KEYS.pins]: JSON.stringify({ version: 0, pins: [1, 2, 3] }),
  },
};
/** Outbox records each variant holds that are not the SDK's records (dropped and counted on load). */
const MALFORMED_RECORDS = { junk: 0, older: 4 };
const OTHER_KEYS = { 'va-rollout:flags': '{"a":true}', 'va-rollout:flags:v0': '[]', 'va-rollout:outbox:v0': 'x', 'va-rollout:future:v9': '{}' };

for (const [variant, values] of Object.entries(GARBAGE)) {
  test(`storage holding ${variant} values under the SDK's keys: ignored, replaced, nothing sent from them`, async () => {
    scriptHealthy();
    await withPage(env.browser, `faults-storage-${variant}`, async (page, errors) => {
      await page.goto(env.server.url('/blank.html'));
      await page.evaluate(([v, other]) => {
        for (const [k, value] of Object.entries({ ...v, ...other })) {
          localStorage.setItem(k, value);
          sessionStorage.setItem(k, value);
        }
      }, [values, OTHER_KEYS]);
      const tag = `garbage-${variant}`;
      await open(page, env.server, config({ flagsUrl: env.server.url('/flags/ok'), telemetryUrl: env.collector.origin, tag }));
      await ready(page);
      const d = await decisions(page);
      assert.deepEqual(pick(d[BOOT]), BOOTSTRAPPED);
      assert.deepEqual(pick(d[CACHED]), FRESH, 'no stored override or cache applies');
      assert.equal(d.lastError, null);
      await trackActions(page, tag, 3);
      await page.evaluate(() => window.rollout.flush());
      const s = await settled(page, 'delivery', 15_000);
      assertStatsBalance(s);
      assert.equal(s.failed, 0, 'no batch refused by the collector');
      assert.ok(/^[0-9a-f-]{36}$/.test(s.sessionId), `session id regenerated, not the stored garbage: ${s.sessionId}`);
      const rows = storedRows(env.collector, s.sessionId);
      assert.equal(rows.length, s.sent, 'stored rows = sent');
      assert.equal(rows.filter((r) => r.eventName === 'va_rollout.action').length, 3);
      assert.equal(s.dropped, MALFORMED_RECORDS[variant], 'malformed outbox records dropped and counted');
      assert.equal(rows.reduce((a, r) => a + r.dropped, 0), s.dropped, 'va_rollout.dropped carried = dropped');
      const after = await page.evaluate((keys) => Object.fromEntries(keys.map((k) => [k, localStorage.getItem(k)])), [KEYS.flags, ...Object.keys(OTHER_KEYS)]);
      assert.equal(JSON.parse(after[KEYS.flags]).entry.version, 1, 'the cache was rewritten in the current format');
      for (const [k, v] of Object.entries(OTHER_KEYS)) assert.equal(after[k], v, `${k} left alone`);
      assert.deepEqual(pageErrors(errors), [], 'no uncaught error or console.error');
      env.observed.push({
        name: `garbage (${variant})`,
        summary: `${BOOT} ${d[BOOT].reason}/${d[BOOT].source}, ${CACHED} ${d[CACHED].reason}/${d[CACHED].source}, lastError null; session regenerated; ${fmtStats(s)}; ${rows.length} rows stored`,
      });
    });
  });
}
