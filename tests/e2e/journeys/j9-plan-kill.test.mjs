// Journey 9 — a release plan run by the collector, with browsers using the demo while it runs.
// The plan moves the four VAOS toggles in lockstep (leader strategy: the first toggle carries the
// percentage, the SDK's all-or-none group follows it), so 50% of actors get vaos-service — not
// the ~6% of four independently hashed toggles (journey 4). A stage change (50% → 100%) moves no
// pinned session; then synthetic error telemetry breaks the plan's kill criterion, the collector
// disables every toggle through its Flipper API within one evaluation interval, and every
// vaos-service session moves to legacy at its NEXT navigation: the request in flight at the kill
// completes on vaos-service, none after it does (checked in the collector's request log).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { until, watchErrors } from '../lib/chromium.mjs';
import { clearRequests, readRequests, setKnobs } from '../lib/collector-data.mjs';
import { percentageOpen } from '../lib/flipper.mjs';
import { PATHS, VAOS, clickAction, sessionOf, startDemo, waitForPage } from './helpers.mjs';

const LEADER = VAOS[0];
const ID = 'j9-vaos';
const INTERVAL_MS = 500;
const PLAN = `id: ${ID}
toggles: [${VAOS.map((n) => `{name: ${n}}`).join(', ')}]
lockstep: {strategy: leader, group: vaos_service}
variant_flag: ${LEADER}
evaluation_interval: ${INTERVAL_MS}ms
stages:
  - {name: half, percentage: 50, min_duration: 1h}
  - {name: all, percentage: 100, min_duration: 1h}
criteria:
  - {id: sum-of-errors, metric: errors, aggregation: count, window: 10m, op: '<', threshold: 10, severity: kill}
`;
const CANDIDATES = Array.from({ length: 200 }, (_, i) => `j9-${String(i + 1).padStart(3, '0')}@example.com`);
/** Under the leader strategy an actor is in the group exactly when the leader's gate admits it. */
const inGroup = (actor) => percentageOpen(LEADER, [actor], 50);
const IN = CANDIDATES.filter(inGroup).slice(0, 3);
const OUT = CANDIDATES.filter((a) => !inGroup(a)).slice(0, 2);
const systemOf = (row) => (row.path.startsWith('/vaos/v2/') ? 'v2' : 'legacy');

let demo;
const sessions = []; // { actor, page, context, errors, session, system }

async function plans(path, init = {}) {
  const res = await demo.collector.admin(`/plans${path}`, { headers: { 'x-va-rollout-actor': 'j9' }, ...init });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} /plans${path} → ${res.status}: ${text}`);
  return JSON.parse(text);
}

/** `n` SDK-shaped error events of the new variant (the leader flag true), as OTLP/HTTP JSON. */
function errorBatch(n) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const attr = (key, value) => ({ key, value });
  const logRecords = Array.from({ length: n }, (_, i) => ({
    timeUnixNano: String(now),
    eventName: 'va_rollout.error',
    body: { stringValue: 'vaos.appointments' },
    attributes: [
      attr('va_rollout.event.id', { stringValue: `j9-err-${Date.now()}-${i}` }),
      attr('event.name', { stringValue: 'va_rollout.error' }),
      attr('session.id', { stringValue: `j9-synthetic-${i}` }),
      attr('http.response.status_code', { intValue: '500' }),
      attr(`va_rollout.flag.${LEADER}`, { boolValue: true }),
    ],
  }));
  return { resourceLogs: [{ resource: { attributes: [attr('service.name', { stringValue: 'j9' })] }, scopeLogs: [{ scope: { name: 'va-rollout' }, logRecords }] }] };
}

before(async () => {
  assert.equal(IN.length, 3);
  assert.equal(OUT.length, 2);
  demo = await startDemo();
  await plans('', { method: 'POST', body: PLAN, headers: { 'content-type': 'application/yaml', 'x-va-rollout-actor': 'j9' } });
  await plans(`/${ID}/start`, { method: 'POST' });
  await until(async () => (await plans(`/${ID}`)).audit.some((a) => a.action === 'set_percentage'), 'stage half written to Flipper');
  await clearRequests(demo.collector);
});
after(async () => {
  for (const s of sessions) await s.context.close().catch(() => {});
  await demo?.stop();
});

test('the plan at 50%: the effective exposure is 50%, and each session gets the leader formula’s system', async () => {
  const status = await plans(`/${ID}`);
  assert.equal(status.percentage, 50);
  assert.ok(Math.abs(status.stages[0].effective_exposure - 50) < 1, JSON.stringify(status.stages));
  for (const actor of [...IN, ...OUT]) {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    const s = await demo.openAs(page, actor, PATHS.appointments);
    sessions.push({ actor, page, context, errors, session: await sessionOf(page), system: s.system });
    assert.equal(s.system, inGroup(actor) ? 'vaos-service' : 'legacy', actor);
  }
});

test('a stage change (50% → 100%) moves no pinned session; a new session gets the new stage', async () => {
  const advanced = await plans(`/${ID}/advance`, { method: 'POST' });
  assert.equal(advanced.percentage, 100);
  for (const s of sessions) {
    await s.page.evaluate(() => window.vaRollout.refresh());
    await clickAction(s.page, 'Facility lookup link');
    const next = await waitForPage(s.page, 'facilities');
    assert.equal(next.system, s.system, `${s.actor} stays on ${s.system}`);
  }
  const context = await demo.browser.newContext();
  const page = await context.newPage();
  const fresh = await demo.openAs(page, OUT[0], PATHS.appointments);
  assert.equal(fresh.system, 'vaos-service', 'a new session of a legacy actor at 100%');
  await context.close();
});

test('errors over the threshold: the plan kills within one interval; every session is on legacy at its next navigation, none mid-request', async () => {
  const inflight = sessions.find((s) => s.system === 'vaos-service');
  await clearRequests(demo.collector);
  // A slow backend: this session's navigation is in flight while the kill lands.
  await setKnobs(demo.collector, { latencyMs: 2500 });
  await clickAction(inflight.page, 'Appointments link');
  await inflight.page.waitForSelector('main#app[data-page="appointments"][data-ready="false"]');
  const res = await fetch(`${demo.origin}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(errorBatch(12)) });
  assert.equal(res.status, 200);
  const injectedAt = Date.now();
  const killed = await until(async () => {
    const s = await plans(`/${ID}`);
    // `killed` is stored when the kill is decided; its audit entry follows the Flipper writes.
    return s.status === 'killed' && s.audit.some((a) => a.action === 'kill') ? s : false;
  }, 'the plan kill, audited', { timeoutMs: 10_000 });
  const kill = killed.audit.find((a) => a.action === 'kill');
  assert.match(kill.reason, /criterion sum-of-errors: 12\.0000 < 10\.0000 failed/);
  assert.equal(kill.flipper.length, VAOS.length, 'every toggle disabled through the Flipper API');
  assert.ok(kill.time_ms - injectedAt < 2 * INTERVAL_MS + 1000, `kill ${kill.time_ms - injectedAt} ms after the errors`);
  for (const f of VAOS) assert.equal((await demo.flipper.get(f)).state, 'off', f);

  // The SDK learns of it (as a polling refresh would) while the request is in flight.
  for (const s of sessions) await s.page.evaluate(() => window.vaRollout.refresh());
  const during = await waitForPage(inflight.page, 'appointments');
  assert.equal(during.system, 'vaos-service', 'the page that was loading stays on its system');
  await setKnobs(demo.collector, { latencyMs: 0 });
  const rows = await readRequests(demo.collector, inflight.session);
  assert.ok(rows.length >= 1 && rows.every((r) => systemOf(r) === 'v2' && r.status === 200), JSON.stringify(rows));
  assert.ok(rows.some((r) => r.time_ms > kill.time_ms), 'the in-flight request completed after the kill landed');
  const settled = Date.now();

  // The next navigation of every session: legacy, for every request.
  for (const s of sessions) {
    const onAppointments = s === inflight;
    await clickAction(s.page, onAppointments ? 'Facility lookup link' : 'Appointments link');
    const next = await waitForPage(s.page, onAppointments ? 'facilities' : 'appointments');
    assert.equal(next.system, 'legacy', `${s.actor} after the kill`);
  }
  const problems = [];
  for (const s of sessions) {
    const later = (await readRequests(demo.collector, s.session)).filter((r) => r.time_ms > settled);
    if (later.length === 0) problems.push(`${s.actor}: no request after the kill`);
    for (const r of later) if (systemOf(r) !== 'legacy') problems.push(`${s.actor}: ${r.path} after the kill`);
  }
  assert.deepEqual(problems, []);
  for (const s of sessions) assert.deepEqual(s.errors, [], s.actor);
  console.log(`# j9: ${sessions.length} sessions; kill ${kill.time_ms - injectedAt} ms after the errors; every session on legacy at its next navigation`);
});
