// Shared by the fault-matrix suites: the test page, page configuration, reading decisions and
// telemetryStats() from the page, and counting what a telemetry endpoint really received.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ROOT, launchChromium, until } from '../lib/chromium.mjs';
import { startCollector } from '../lib/collector.mjs';
import { startFaultServer } from '../lib/fault-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Flag names: one in the bootstrap, one the server answers (then cached), one default only. */
export const BOOT = 'fault_bootstrap_flag';
export const CACHED = 'fault_cached_flag';
export const DEFAULTED = 'fault_default_flag';
export const NAMES = [BOOT, CACHED, DEFAULTED];
export const BOOTSTRAP = { data: { type: 'feature_toggles', features: [{ name: BOOT, value: true }] } };
/** What a healthy flag endpoint answers. */
export const OK_FLAGS = { data: { type: 'feature_toggles', features: [{ name: CACHED, value: true }] } };

/** Storage keys the SDK uses (src/facade/persist.rs). */
export const KEYS = {
  flags: 'va-rollout:flags:v1',
  overrides: 'va-rollout:overrides:v1',
  pins: 'va-rollout:pins:v1',
  session: 'va-rollout:session:v1',
  exposures: 'va-rollout:exposures:v1',
  outbox: 'va-rollout:outbox:v1',
};

/**
 * One test file's fixtures: the fault server with the package at /pkg and the test page at /
 * (no keep-alive: Chromium silently resends a request whose reused connection closes, which
 * would hide cut connections and blur request counts), the real collector when asked (CORS open
 * to the page's origin), and Chromium. `env.observed` collects { name, summary } per case,
 * printed as `MATRIX <label> | name | summary` lines at the end (the README table's source).
 */
export function useFixtures(label, { collector = false } = {}) {
  const env = { server: null, collector: null, browser: null, observed: [] };
  before(async () => {
    env.server = await startFaultServer({ staticDirs: { '/pkg': path.join(ROOT, 'pkg'), '/': path.join(here, 'www') }, keepAlive: false });
    if (collector) env.collector = await startCollector({ flagsFile: null, args: ['--cors-origin', env.server.origin] });
    env.browser = await launchChromium();
  });
  after(async () => {
    for (const o of env.observed) console.log(`MATRIX ${label} | ${o.name} | ${o.summary}`);
    await env.browser?.close();
    await env.collector?.stop();
    await env.server?.close();
  });
  return env;
}

/** telemetryStats() in one line. */
export const fmtStats = (s) =>
  `queued ${s.queued} sent ${s.sent} retried ${s.retried} dropped ${s.dropped} failed ${s.failed} pending ${s.pending}`;

/** Waits until telemetryStats() shows nothing pending; returns the stats. */
export function settled(page, what, timeoutMs = 15_000) {
  return until(async () => {
    const st = await stats(page);
    return st.pending === 0 ? st : null;
  }, what, { timeoutMs, everyMs: 100 });
}

/**
 * A Rollout configuration: flags from `flagsUrl` (with the bootstrap and a default for
 * DEFAULTED), telemetry to `telemetryUrl` tagged with `tag` (as service.version) and flushing
 * fast. `extra` is merged into the telemetry section.
 */
export function config({ flagsUrl, telemetryUrl, tag = 'page', timeoutMs = 400, telemetry = {}, flags = {} }) {
  const c = {
    flags: {
      source: 'vets-api',
      names: NAMES,
      defaults: { [DEFAULTED]: true },
      bootstrap: BOOTSTRAP,
      timeoutMs,
      ...flags,
    },
  };
  if (flagsUrl) c.flags.url = flagsUrl;
  if (telemetryUrl) {
    c.telemetry = {
      url: telemetryUrl,
      service: 'va-rollout-faults',
      serviceVersion: tag,
      batch: { maxEvents: 20, maxBytes: 16384, maxDelayMs: 100 },
      ...telemetry,
    };
  }
  return c;
}

/** Opens the test page with `cfg`; resolves once the Rollout started (throws if it did not). */
export async function open(page, server, cfg) {
  await page.goto(`${server.origin}/?c=${encodeURIComponent(JSON.stringify(cfg))}`);
  await page.waitForFunction(() => window.__vaStarted || window.__vaStartError, null, { timeout: 15_000 });
  const failed = await page.evaluate(() => window.__vaStartError ?? null);
  assert.equal(failed, null, 'Rollout.start failed');
}

/** Waits for rollout.ready(); returns its duration in ms. */
export function ready(page) {
  return page.evaluate(async () => {
    const t0 = performance.now();
    await window.rollout.ready();
    return performance.now() - t0;
  });
}

/** evaluate(name) for each of `names`, plus lastError(). */
export function decisions(page, names = NAMES) {
  return page.evaluate((ns) => {
    const out = { lastError: window.rollout.lastError() };
    for (const n of ns) out[n] = window.rollout.evaluate(n);
    return out;
  }, names);
}

export const stats = (page) => page.evaluate(() => window.rollout.telemetryStats());

/** Tracks `n` actions named `${prefix}-${i}`. */
export function trackActions(page, prefix, n) {
  return page.evaluate(
    ([p, count]) => {
      for (let i = 0; i < count; i++) window.rollout.track.action(`${p}-${i}`, { i });
    },
    [prefix, n],
  );
}

/** The records of an OTLP/HTTP JSON logs body: [{ id, eventName, name, attrs, version }]. */
export function otlpRecords(body) {
  let doc;
  try {
    doc = JSON.parse(body);
  } catch {
    return [];
  }
  const out = [];
  for (const rl of doc.resourceLogs ?? []) {
    const resource = Object.fromEntries((rl.resource?.attributes ?? []).map((a) => [a.key, plain(a.value)]));
    for (const sl of rl.scopeLogs ?? []) {
      for (const r of sl.logRecords ?? []) {
        const attrs = Object.fromEntries((r.attributes ?? []).map((a) => [a.key, plain(a.value)]));
        out.push({ id: attrs['va_rollout.event.id'], eventName: r.eventName, name: plain(r.body), attrs, version: resource['service.version'] });
      }
    }
  }
  return out;
}

function plain(v) {
  if (v === null || typeof v !== 'object') return v;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('boolValue' in v) return v.boolValue;
  return v;
}

/**
 * What `server` received on /v1/logs from pages tagged `tag`: every request with its records,
 * and the records of the 2xx answers (acknowledged), with unique ids.
 */
export function received(server, tag, logsPath = '/v1/logs') {
  const requests = server.requests(logsPath).map((r) => ({ ...r, records: otlpRecords(r.body).filter((x) => x.version === tag) }));
  const mine = requests.filter((r) => r.records.length > 0);
  const acked = mine.filter((r) => r.status >= 200 && r.status < 300 && r.outcome === 'answered').flatMap((r) => r.records);
  const ids = new Set(acked.map((r) => r.id));
  const droppedReported = acked.reduce((s, r) => s + (r.attrs['va_rollout.dropped'] ?? 0), 0);
  return { requests: mine, acked, ids, droppedReported };
}

/** The invariant of telemetryStats(): queued = sent + dropped + failed + pending. */
export function assertStatsBalance(s) {
  assert.equal(s.queued, s.sent + s.dropped + s.failed + s.pending, `stats do not balance: ${JSON.stringify(s)}`);
}

/**
 * Flushes and waits until nothing is pending, then checks telemetryStats() against what the
 * server acknowledged for `tag`: sent = records in 2xx answers = distinct ids (each once),
 * dropped = the va_rollout.dropped counts carried, nothing failed. Returns { stats, got }.
 */
export async function assertDelivered(page, server, tag, { timeoutMs = 15_000, retriedRecords } = {}) {
  await page.evaluate(() => window.rollout.flush());
  const s = await settled(page, 'telemetry to be delivered (pending 0)', timeoutMs);
  const got = received(server, tag);
  assertStatsBalance(s);
  assert.equal(s.failed, 0, 'nothing failed');
  assert.equal(s.sent, got.acked.length, 'sent = records acknowledged by the server');
  assert.equal(got.ids.size, got.acked.length, 'each acknowledged event id exactly once');
  assert.equal(s.dropped, got.droppedReported, 'dropped = the va_rollout.dropped counts received');
  if (retriedRecords !== undefined) assert.equal(s.retried, retriedRecords, 'retried = records in failed attempts');
  return { stats: s, got };
}

/** Records in the requests that were not acknowledged (error status, destroyed, hung). */
export function unacknowledgedRecords(got) {
  return got.requests.filter((r) => !(r.status >= 200 && r.status < 300 && r.outcome === 'answered')).reduce((s, r) => s + r.records.length, 0);
}

/**
 * The page's own errors: uncaught exceptions and console.error calls. Chromium also logs every
 * failed network request as a console error ("Failed to load resource: …",
 * "net::ERR_…"): that is the browser reporting the fault we injected, not the page's code, so
 * those lines are left out.
 */
export function pageErrors(errors) {
  return errors.filter((e) => !/^console\.error: (Failed to load resource|.*net::ERR_)/.test(e));
}

/** Rows the real collector stored for `sessionId`: [{ id, eventName, name, dropped }] (sqlite3 CLI). */
export function storedRows(collector, sessionId) {
  const sql = `SELECT event_id, event_name, name, json_extract(attributes, '$."va_rollout.dropped"') FROM events WHERE session_id = '${sessionId.replace(/'/g, "''")}'`;
  const out = execFileSync('sqlite3', ['-readonly', '-separator', '\t', collector.db, sql], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id, eventName, name, dropped] = line.split('\t');
      return { id, eventName, name, dropped: Number(dropped || 0) };
    });
}
