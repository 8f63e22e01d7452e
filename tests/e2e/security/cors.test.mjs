// The collector talks only to its configured origins (default: its own loopback origins), seen
// from real Chromium pages: a page on a foreign origin can neither read flags/report nor send
// preflighted writes, and even the preflight-free paths (text/plain fetch, sendBeacon) store
// nothing. Control: a listed origin (http://localhost:PORT) does all of it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until, withPage } from '../lib/chromium.mjs';
import { EVIL_HOST, openFixture, originFor, useSiteAndBrowser } from './helpers.mjs';

const site = useSiteAndBrowser();

const events = async () => (await (await fetch(`${site.collector.origin}/healthz`)).json()).events;

/** From a page on `pageOrigin`, every kind of request to the collector at `target`. */
function probe(pageOrigin, target, tag) {
  return withPage(site.browser, `security-cors-${tag}`, async (page) => {
    await openFixture(page, `${pageOrigin}/`);
    return page.evaluate(
      async ({ target, tag }) => {
        const batch = (id) => JSON.stringify({ resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: { name: 'x' }, logRecords: [{
          timeUnixNano: `${Date.now()}000000`, eventName: 'va_rollout.click', body: { stringValue: 'cors' },
          attributes: [{ key: 'va_rollout.event.id', value: { stringValue: `${tag}-${id}` } }, { key: 'session.id', value: { stringValue: tag } }],
        }] }] }] });
        const attempt = async (p) => {
          try {
            const r = await p;
            return r.type === 'opaque' ? 'opaque' : `status ${r.status}`;
          } catch (e) {
            return `blocked: ${e.name}`;
          }
        };
        return {
          jsonIngest: await attempt(fetch(`${target}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batch('json') })),
          textIngest: await attempt(fetch(`${target}/v1/logs`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: batch('text') })),
          noCorsIngest: await attempt(fetch(`${target}/v1/logs`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: batch('nocors') })),
          beacon: navigator.sendBeacon(`${target}/v1/logs`, new Blob([batch('beacon')], { type: 'text/plain' })),
          adminWrite: await attempt(fetch(`${target}/flipper/api/features/mhv_secure_messaging_curated_list_flow/boolean`, { method: 'POST', headers: { authorization: 'Bearer guess' } })),
          flags: await attempt(fetch(`${target}/v0/feature_toggles`, { credentials: 'include' })),
          report: await attempt(fetch(`${target}/report.json`)),
        };
      },
      { target, tag },
    );
  });
}

test('a foreign origin can neither read, nor write, nor slip telemetry in without a preflight', async () => {
  const before = await events();
  const out = await probe(originFor(site.collector, EVIL_HOST), site.collector.origin, 'foreign');
  assert.equal(out.jsonIngest, 'blocked: TypeError', 'preflighted ingest refused');
  assert.equal(out.textIngest, 'blocked: TypeError', 'unreadable answer');
  assert.equal(out.noCorsIngest, 'opaque');
  assert.equal(out.adminWrite, 'blocked: TypeError');
  assert.equal(out.flags, 'blocked: TypeError');
  assert.equal(out.report, 'blocked: TypeError');
  // The beacon and the no-cors / text/plain posts did reach the collector: give them time, then
  // check nothing was stored (they were answered 403: origin not allowed).
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await events(), before, 'no event stored from the foreign page');
});

test('control: a listed origin reads and writes', async () => {
  // The page is on http://127.0.0.1:PORT and targets http://localhost:PORT: cross-origin, listed.
  const before = await events();
  const out = await probe(site.collector.origin, `http://localhost:${site.collector.port}`, 'listed');
  assert.equal(out.jsonIngest, 'status 200');
  assert.equal(out.textIngest, 'status 200');
  assert.equal(out.beacon, true);
  assert.equal(out.adminWrite, 'status 401', 'readable, and refused for the wrong token');
  assert.equal(out.flags, 'status 200');
  assert.equal(out.report, 'status 200');
  await until(async () => (await events()) >= before + 4, 'json, text, no-cors and beacon events stored');
});
