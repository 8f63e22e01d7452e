// Fault matrix, flag endpoint: every failure leaves decisions on the documented fallback
// (bootstrap → cache → declared default, reason/source from evaluate()), reports the right
// lastError() code, retries as documented, throws nothing into the page, and keeps telemetry
// counts true. Each case first loads the page once against a healthy endpoint (so a cache
// exists), then again against the faulty one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../lib/collector.mjs';
import { withPage } from '../lib/chromium.mjs';
import {
  BOOT, CACHED, DEFAULTED, NAMES, OK_FLAGS,
  assertDelivered, config, decisions, open, pageErrors, ready, useFixtures,
} from './helpers.mjs';

const TIMEOUT_MS = 400;
const env = useFixtures('flags');

/** A vets-api body with `n` flags: NAMES answered true first, then fillers. */
function manyFlags(n) {
  const features = NAMES.map((name) => ({ name, value: true }));
  for (let i = features.length; i < n; i++) features.push({ name: `filler_flag_${String(i).padStart(6, '0')}`, value: i % 3 === 0 });
  return JSON.stringify({ data: { type: 'feature_toggles', features } });
}

/** A valid vets-api body of at least `bytes` bytes. */
function hugeBody(bytes) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = `{"name":"huge_flag_${String(i).padStart(8, '0')}","value":${i % 2 === 0}}`;
    parts.push(p);
    size += p.length + 1;
  }
  return `{"data":{"type":"feature_toggles","features":[${parts.join(',')}]}}`;
}


/**
 * Seeds the cache from /flags/ok, then opens the page against `url` (default /flags scripted
 * with `responses`). Returns { d (decisions), ms (ready() time), requests (log of /flags), page }.
 */
async function faultCase(name, responses, { url, check, fallback = true, code }) {
  env.server.reset();
  env.server.script('/flags/ok', { json: OK_FLAGS });
  env.server.script('/v1/logs', { json: {} });
  if (responses) env.server.script('/flags', ...responses);
  await withPage(env.browser, `faults-flags-${name}`, async (page, errors) => {
    await open(page, env.server, config({ flagsUrl: env.server.url('/flags/ok'), telemetryUrl: env.server.url('/v1/logs'), tag: 'seed' }));
    await ready(page);
    const seeded = await decisions(page);
    assert.equal(seeded[CACHED].source, 'vets-api', 'the healthy endpoint answered');

    const tag = `flags-${name}`;
    const cfg = config({ flagsUrl: url ?? env.server.url('/flags'), telemetryUrl: env.server.url('/v1/logs'), tag, timeoutMs: TIMEOUT_MS });
    await open(page, env.server, cfg);
    const ms = await ready(page);
    const d = await decisions(page);
    const requests = env.server.requests('/flags');
    if (fallback) {
      assert.deepEqual(pick(d[BOOT]), { value: true, reason: 'STATIC', source: 'bootstrap', stale: true }, 'bootstrap flag');
      assert.deepEqual(pick(d[CACHED]), { value: true, reason: 'CACHED', source: 'cache', stale: true }, 'cached flag');
      assert.deepEqual(pick(d[DEFAULTED]), { value: true, reason: 'ERROR', source: 'default', stale: true }, 'defaulted flag');
      assert.equal(d.lastError?.code, code, `lastError ${JSON.stringify(d.lastError)}`);
    }
    const extra = check ? await check({ d, ms, requests, page }) : '';
    // Reading flags records exposures: telemetry must still be delivered and counted truly.
    await page.evaluate((ns) => ns.forEach((n) => window.rollout.isEnabled(n)), NAMES);
    const { stats, got } = await assertDelivered(page, env.server, tag);
    if (process.env.DEBUG_FAULTS) console.log(name, got.acked.map((r) => `${r.eventName}:${r.name}`), requests.map((r) => [r.t, r.tEnd, r.status, r.outcome]));
    assert.deepEqual(pageErrors(errors), [], 'no uncaught error or console.error');
    env.observed.push({
      name,
      summary: [
        fallback ? `${BOOT}:${d[BOOT].reason}/${d[BOOT].source}, ${CACHED}:${d[CACHED].reason}/${d[CACHED].source}, ${DEFAULTED}:${d[DEFAULTED].reason}/${d[DEFAULTED].source}` : `${CACHED}:${d[CACHED].reason}/${d[CACHED].source}`,
        `lastError ${d.lastError?.code ?? 'null'}`,
        `${requests.length} request(s), ready in ${Math.round(ms)} ms`,
        extra,
        `stats queued ${stats.queued} sent ${stats.sent} dropped ${stats.dropped} failed ${stats.failed}`,
      ].filter(Boolean).join('; '),
    });
  });
}

const pick = (x) => ({ value: x.value, reason: x.reason, source: x.source, stale: x.stale });
const gaps = (requests) => requests.slice(1).map((r, i) => r.t - requests[i].t);

test('refused connection: 3 attempts with backoff, then bootstrap / cache / default (NETWORK_ERROR)', async () => {
  const port = await freePort();
  await faultCase('refused', null, {
    url: `http://127.0.0.1:${port}/flags`,
    code: 'NETWORK_ERROR',
    check: ({ ms }) => {
      // Backoff before attempts 2 and 3: 250–500 ms, then 500–1000 ms (equal jitter).
      assert.ok(ms >= 700 && ms < 4_000, `ready after ${ms} ms`);
      return '';
    },
  });
});

test('500: retried (3 attempts, backoff), then the fallback (HTTP_ERROR)', async () => {
  await faultCase('500', [{ status: 500, json: { errors: [{ status: '500' }] } }], {
    code: 'HTTP_ERROR',
    check: ({ requests }) => {
      assert.equal(requests.length, 3);
      const g = gaps(requests);
      assert.ok(g[0] >= 200 && g[0] < 1_200 && g[1] >= 450 && g[1] < 2_000, `backoff gaps ${g}`);
      return `gaps ${g.join('/')} ms`;
    },
  });
});

test('503 with Retry-After: 1 is honoured (gaps ≥ 1 s), then the fallback', async () => {
  await faultCase('503-retry-after', [{ status: 503, headers: { 'retry-after': '1' }, json: {} }], {
    code: 'HTTP_ERROR',
    check: ({ requests }) => {
      assert.equal(requests.length, 3);
      const g = gaps(requests);
      // Without the header the first gap would be 250–500 ms.
      assert.ok(g.every((x) => x >= 980 && x < 1_900), `Retry-After gaps ${g}`);
      return `gaps ${g.join('/')} ms`;
    },
  });
});

for (const status of [401, 403]) {
  test(`${status}: no retry, polling stops (refresh() sends nothing), then the fallback`, async () => {
    await faultCase(String(status), [{ status, json: { errors: [{ status: String(status) }] } }], {
      code: 'HTTP_ERROR',
      check: async ({ requests, page }) => {
        assert.equal(requests.length, 1, 'exactly one request');
        await page.evaluate(() => window.rollout.refresh());
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(env.server.requests('/flags').length, 1, 'refresh() after a 401/403 sends nothing');
        return 'refresh() afterwards: no request';
      },
    });
  });
}

test('timeout: the server never answers; each attempt aborted at flags.timeoutMs (TIMEOUT)', async () => {
  await faultCase('timeout', [{ hang: true }], {
    code: 'TIMEOUT',
    check: ({ requests, ms }) => {
      assert.equal(requests.length, 3);
      const g = gaps(requests);
      assert.ok(g.every((x) => x >= TIMEOUT_MS), `each attempt waited the timeout: ${g}`);
      assert.ok(ms < 3 * TIMEOUT_MS + 2_000, `ready after ${ms} ms`);
      return `gaps ${g.join('/')} ms (timeoutMs ${TIMEOUT_MS})`;
    },
  });
});

test('a body cut off mid-JSON (complete response): no retry, fallback (PARSE_ERROR)', async () => {
  const body = JSON.stringify(OK_FLAGS);
  await faultCase('cut-mid-json', [{ body, truncateAt: Math.floor(body.length / 2) }], {
    code: 'PARSE_ERROR',
    check: ({ requests }) => {
      assert.equal(requests.length, 1);
      return '';
    },
  });
});

test('a body cut off mid-JSON (socket destroyed mid-body): retried, fallback (NETWORK_ERROR)', async () => {
  const body = JSON.stringify(OK_FLAGS);
  await faultCase('cut-socket', [{ body, cutAt: Math.floor(body.length / 2) }], {
    code: 'NETWORK_ERROR',
    check: ({ requests }) => {
      assert.equal(requests.length, 3);
      return '';
    },
  });
});

test('valid JSON of the wrong shape: no retry, fallback (PARSE_ERROR)', async () => {
  await faultCase('wrong-shape', [{ json: { data: { type: 'feature_toggles', features: { [CACHED]: false } } } }], {
    code: 'PARSE_ERROR',
    check: ({ requests }) => {
      assert.equal(requests.length, 1);
      return '';
    },
  });
});

test('a 5 MB body with Content-Length: refused over the 2 MiB cap, fallback (BODY_TOO_LARGE)', async () => {
  const body = hugeBody(5 * 1024 * 1024);
  await faultCase('5mb', [{ body }], {
    code: 'BODY_TOO_LARGE',
    check: ({ requests, d }) => {
      assert.equal(requests.length, 1);
      assert.match(d.lastError.message, /2097152/, 'the documented 2 MiB cap');
      return `message "${d.lastError.message}"`;
    },
  });
});

test('a 5 MB chunked body (no Content-Length): refused after reading, fallback (BODY_TOO_LARGE)', async () => {
  const body = hugeBody(5 * 1024 * 1024);
  await faultCase('5mb-chunked', [{ body, chunked: true }], {
    code: 'BODY_TOO_LARGE',
    check: ({ requests }) => {
      assert.equal(requests.length, 1);
      return '';
    },
  });
});

test('10,000 flags: accepted (the cap is inclusive), decisions fresh from the server', async () => {
  await faultCase('10000-flags', [{ body: manyFlags(10_000) }], {
    fallback: false,
    check: async ({ d, ms, page }) => {
      assert.equal(d.lastError, null);
      for (const n of NAMES) assert.deepEqual(pick(d[n]), { value: true, reason: 'STATIC', source: 'vets-api', stale: false }, n);
      const names = await page.evaluate(() => Object.keys(window.rollout.snapshot()));
      const fillers = names.filter((n) => n.startsWith('filler_flag_')).length;
      assert.equal(fillers + NAMES.filter((n) => names.includes(n)).length, 10_000, 'every flag of the body in the snapshot');
      return `snapshot ${names.length} flags (the body's 10,000 + the VAOS group's members)`;
    },
  });
});

test('10,001 flags: refused over the cap, fallback (LIMIT_EXCEEDED)', async () => {
  await faultCase('10001-flags', [{ body: manyFlags(10_001) }], { code: 'LIMIT_EXCEEDED' });
});
