// Nothing a veteran types, no request body, no query string and no free text leaves the page in
// telemetry unless allow-listed. A production page (unknown host) is driven through typing,
// clicks with and without data-dd-action-name, navigation to PII-bearing URLs, tracked requests
// with bodies and query strings, and errors whose messages carry emails and SSNs; every OTLP body
// that reaches a loopback sink is then inspected byte for byte. Controls: the same canaries are
// seen leaving in the app's own requests, and allow-listed values do arrive.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { until, withPage } from '../lib/chromium.mjs';
import { startRecorder } from '../lib/otlp-recorder.mjs';
import { PROD_HOST, launchWithTestHosts, openFixture, originFor, startSite } from './helpers.mjs';

let collector;
let browser;
let sink;
before(async () => {
  collector = await startSite({ flagsFile: null });
  browser = await launchWithTestHosts();
  sink = await startRecorder();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
  await sink?.stop();
});

/** Strings that must never appear in telemetry, in any case or encoding. */
const CANARIES = {
  typedEmail: 'zelda.typed@example.com',
  typedSsn: '078-05-1120',
  typedNote: 'canary-typed-note-7f3a',
  selectValue: 'team-leak.select@example.com',
  selectText: 'Dr. Select Leak',
  selectPhone: '212-555-0199',
  namedButtonText: 'leak.button@example.com',
  unnamedButtonText: 'leak.unnamed@example.com',
  unnamedPhone: '202-555-0143',
  rumButtonSsn: '123-45-6789',
  linkEmail: 'leak.link@example.com',
  pathEmail: 'path.leak@example.com',
  pathSsn: '123456789',
  queryEmail: 'query.leak@example.com',
  queryText: 'canary-query-value-55d1',
  fragment: 'canary-fragment-e4c0',
  requestBodyText: 'canary-request-body-91c2',
  requestBodyEmail: 'body.leak@example.com',
  requestBodySsn: '219-09-9999',
  requestPathEmail: 'reqpath.leak@example.com',
  freeText: 'canary-free-text-3b7e',
  allowedEmail: 'john.allow@example.com',
  errorNameEmail: 'error.leak@example.com',
  errorNameSsn: '536-22-8891',
  errorMessage: 'canary-error-text-d00d',
  uncaught: 'canary-uncaught-aa11',
  beforeSendEmail: 'hook.leak@example.com',
};

/** The attribute keys the README's event catalogue documents (prefix entries end with '.'). */
const CATALOGUE_KEYS = [
  'event.name', 'va_rollout.event.id', 'session.id', 'url.path', 'va_rollout.flow', 'va_rollout.flag.',
  'va_rollout.dropped', 'va_rollout.action.name', 'va_rollout.element', 'va_rollout.previous_path',
  'va_rollout.time_on_previous_ms', 'va_rollout.transition.from', 'va_rollout.transition.to',
  'va_rollout.transition.trigger', 'va_rollout.duration_ms', 'va_rollout.system', 'http.request.method',
  'http.response.status_code', 'va_rollout.attr.', 'error.type', 'feature_flag.key', 'feature_flag.result.value',
  'feature_flag.result.reason', 'va_rollout.group', 'va_rollout.group.members',
];
const ATTRIBUTE_ALLOW_LIST = ['team'];
const QUERY_ALLOW_LIST = ['page'];

const EMAIL = /[a-z0-9._%+-]+\s*[@＠]\s*[a-z0-9-]+(\.[a-z0-9-]+)+/i;
const SSN = /\b\d{3}[- ]\d{2}[- ]\d{4}\b/;
const PHONE = /\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b/;
const LONG_DIGITS = /\d{9,}/;

/** Every form of `text` a leak could hide in: as is, percent-decoded (3 rounds), lower-case. */
function forms(text) {
  const out = [text];
  let t = text;
  for (let i = 0; i < 3; i += 1) {
    try {
      t = decodeURIComponent(t);
    } catch {
      t = unescape(t);
    }
    out.push(t);
  }
  return out.map((s) => s.toLowerCase());
}

/** [key, value] for every attribute of a record (values as JS values), plus the body as 'body'. */
function attributes(record) {
  const value = (v) => v.stringValue ?? v.boolValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.doubleValue ?? JSON.stringify(v);
  const out = (record.attributes ?? []).map((a) => [a.key, value(a.value)]);
  if (record.body) out.push(['body', value(record.body)]);
  return out;
}

async function drive(page, sinkOrigin) {
  const origin = page.url().replace(/\/$/, '');
  await page.evaluate(
    ({ sinkOrigin, c, attributeAllowList, queryAllowList }) => {
      window.rollout = window.VA.Rollout.start({
        flags: {
          source: 'vets-api',
          names: ['sec_telemetry_flag'],
          bootstrap: { data: { type: 'feature_toggles', features: [{ name: 'sec_telemetry_flag', value: true }] } },
        },
        actor: { id: c.typedEmail },
        telemetry: {
          url: sinkOrigin,
          service: 'va-rollout-security-test',
          attributeAllowList,
          queryAllowList,
          contextFlags: ['sec_telemetry_flag'],
          batch: { maxEvents: 500, maxBytes: 65536, maxDelayMs: 60000 },
          // A hook that tries to put PII back into every scrubbed field shape.
          beforeSend: (e) => {
            e.name = `${e.name} ${c.beforeSendEmail}`;
            if (e.path) e.path = `${e.path}/${c.beforeSendEmail}`;
            e.attributes = Object.assign({}, e.attributes, { 'va_rollout.action.name': c.beforeSendEmail });
            return e;
          },
        },
      });
      window.rollout.isEnabled('sec_telemetry_flag');
    },
    { sinkOrigin, c: CANARIES, attributeAllowList: ATTRIBUTE_ALLOW_LIST, queryAllowList: QUERY_ALLOW_LIST },
  );

  // Typing and choosing.
  await page.fill('#email', CANARIES.typedEmail);
  await page.locator('#ssn').pressSequentially(CANARIES.typedSsn);
  await page.fill('#note', `${CANARIES.typedNote} my SSN is ${CANARIES.typedSsn}`);
  await page.selectOption('#team', CANARIES.selectValue);
  // Clicks with and without a data-dd-action-name / data-rum-action.
  await page.click('#named');
  await page.click('#rum');
  await page.click('#unnamed');
  await page.click('#link');
  await page.click('#email');
  // Navigation to URLs carrying PII in the path, query and fragment.
  await page.evaluate((c) => {
    history.pushState({}, '', `/my-health/secure-messages/inbox/${c.pathEmail}/${c.pathSsn}/?page=2&email=${encodeURIComponent(c.queryEmail)}&q=${c.queryText}#${c.fragment}`);
    history.pushState({}, '', `/profile/${encodeURIComponent(c.pathEmail)}?ssn=${c.typedSsn}`);
  }, CANARIES);
  // Tracked requests with bodies and query strings: a 4xx/5xx, a 200, a network failure.
  await page.evaluate(
    async ({ c, origin }) => {
      const body = JSON.stringify({ ssn: c.requestBodySsn, email: c.requestBodyEmail, text: c.requestBodyText });
      const q = `?email=${encodeURIComponent(c.queryEmail)}&q=${c.queryText}&page=2`;
      const calls = [
        ['sm.drafts.create', fetch(`${origin}/api/drafts/${c.requestPathEmail}${q}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }), { method: 'POST', system: 'mhv', note: c.freeText }],
        ['sm.folders.list', fetch(`${origin}/pkg/package.json${q}`), { method: 'GET', system: 'mhv' }],
        ['sm.messages.send', fetch(`http://127.0.0.1:9/send${q}`, { method: 'POST', body }), { method: 'POST', system: 'mhv' }],
      ];
      await Promise.allSettled(calls.map(([name, p, attrs]) => window.rollout.track.request(name, p, attrs)));
      window.rollout.track.action('Recent Care Teams loaded', { count: 3, comment: c.freeText, team: `canary-allowed-team ${c.allowedEmail}` });
      window.rollout.track.timing('sm.drafts.autosave', 42, { system: 'mhv', note: `${c.freeText} ${c.typedSsn}` });
      window.rollout.track.error(`Send failed for ${c.errorNameEmail} SSN ${c.errorNameSsn}`, { status: 502, message: `${c.errorMessage} ${c.errorNameEmail}` });
      // Event names are the app's own words (its chosen channel), but PII shapes in them are redacted.
      window.rollout.track.action(`App-named action ${c.errorNameSsn}`);
      setTimeout(() => {
        throw new Error(`uncaught ${c.uncaught} ${c.errorNameEmail}`);
      }, 0);
    },
    { c: CANARIES, origin },
  );
  await page.evaluate(() => window.rollout.flush());
}

test('no typed value, request body, query string or free text reaches the telemetry sink', async () => {
  const appRequests = [];
  await withPage(browser, 'security-telemetry', async (page) => {
    page.on('request', (r) => {
      if (!r.url().startsWith(sink.origin)) appRequests.push(`${r.url()} ${r.postData() ?? ''}`);
    });
    await openFixture(page, `${originFor(collector, PROD_HOST)}/`);
    await drive(page, sink.origin);
    await until(() => sink.records().some((r) => r.record.eventName === 'va_rollout.error'), 'the flushed batch');
    // Page exit sends whatever is still queued.
    await page.evaluate(() => window.rollout.track.action('exit marker'));
    await page.goto('about:blank');
    await until(() => sink.records().some((r) => /exit marker/.test(JSON.stringify(r.record.body))), 'the page-exit batch');
  });

  // Controls: the canaries really were on the page's own requests.
  const appTraffic = appRequests.join('\n');
  for (const k of ['requestBodyText', 'requestBodyEmail', 'queryText', 'requestPathEmail']) {
    assert.ok(forms(appTraffic).some((f) => f.includes(CANARIES[k].toLowerCase())), `control: ${k} was sent by the app`);
  }

  assert.ok(sink.bodies.length >= 2, `bodies received: ${sink.bodies.length}`);
  for (const b of sink.bodies) {
    assert.ok(b.json, `every body is JSON (${b.contentType}, ${b.encoding})`);
    for (const form of forms(b.text)) {
      for (const [name, canary] of Object.entries(CANARIES)) {
        { const i = form.indexOf(canary.toLowerCase()); assert.ok(i < 0, `canary ${name} (${canary}) leaked in a body to ${b.path}: …${form.slice(Math.max(0, i - 300), i + 80)}…`); }
      }
    }
  }

  const records = sink.records();
  const kinds = new Set(records.map((r) => r.record.eventName));
  for (const k of ['va_rollout.click', 'va_rollout.page_view', 'va_rollout.action', 'va_rollout.timing', 'va_rollout.error', 'va_rollout.exposure']) {
    assert.ok(kinds.has(k), `a ${k} event was delivered (kinds: ${[...kinds]})`);
  }
  const allowedStrings = [];
  for (const { record, resource } of records) {
    const attrs = attributes(record);
    for (const [key, value] of attrs) {
      if (key !== 'body') {
        assert.ok(
          CATALOGUE_KEYS.some((k) => (k.endsWith('.') ? key.startsWith(k) : key === k)),
          `attribute ${key} is in the documented catalogue`,
        );
      }
      if (key.startsWith('va_rollout.attr.') && typeof value === 'string') {
        assert.ok(ATTRIBUTE_ALLOW_LIST.includes(key.slice('va_rollout.attr.'.length)), `string app attribute ${key} is allow-listed`);
        allowedStrings.push(value);
      }
      if (typeof value !== 'string' || key === 'va_rollout.event.id' || key === 'session.id') continue;
      for (const form of forms(value)) {
        for (const [name, re] of Object.entries({ EMAIL, SSN, PHONE, LONG_DIGITS })) {
          assert.ok(!re.test(form), `${name}-shaped text in ${key}: ${JSON.stringify(value)}`);
        }
      }
      if (key === 'url.path' || key === 'va_rollout.previous_path') {
        assert.ok(!value.includes('#'), `no fragment in ${key}: ${value}`);
        const query = value.split('?')[1];
        if (query) {
          for (const k of new URLSearchParams(query).keys()) assert.ok(QUERY_ALLOW_LIST.includes(k), `query key ${k} in ${value}`);
        }
      }
    }
    for (const a of resource?.attributes ?? []) {
      const v = a.value.stringValue ?? '';
      assert.ok(!EMAIL.test(v) && !SSN.test(v), `resource attribute ${a.key}`);
    }
    if (record.eventName === 'va_rollout.click') {
      const name = attrs.find(([k]) => k === 'va_rollout.action.name')?.[1];
      assert.ok(['Send message', 'Open help', 'Pick care team'].includes(name) || /redacted/.test(name), `click named from attributes only: ${name}`);
    }
  }

  // Allow-listed things do arrive, so the checks above were not run over an empty stream.
  const everything = records.map((r) => JSON.stringify(r.record)).join('\n');
  assert.ok(everything.includes('Send message'), 'the data-dd-action-name click arrived');
  assert.ok(everything.includes('Open help'), 'the data-rum-action click arrived');
  assert.ok(allowedStrings.some((s) => s.includes('canary-allowed-team')), `the allow-listed attribute arrived: ${allowedStrings}`);
  assert.ok(/\?page=2/.test(everything), 'the allow-listed query key arrived');
  assert.ok(everything.includes('App-named action [redacted]'), 'an app-chosen event name arrives, its SSN redacted');
  assert.ok(/"intValue":"?3"?/.test(everything) || /"doubleValue":3\b/.test(everything), 'a numeric app attribute arrived');
});
