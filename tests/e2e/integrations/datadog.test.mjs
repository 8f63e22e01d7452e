// Datadog RUM as a telemetry sink, in Chromium with the real @datadog/browser-rum bundle pointed
// at a loopback intake (its `proxy` option): va-rollout's events arrive as RUM custom actions and
// errors with scrubbed names and attributes, exposures as feature-flag evaluations attached to
// the events, the same events reach OTLP when both are configured, and nothing of ours arrives
// under window.Mocha (vets-website's canInitDatadog rule) unless enableInTestEnvironments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until, withPage } from '../lib/chromium.mjs';
import { openPage, useServerAndBrowser } from './helpers.mjs';

const env = useServerAndBrowser();
const FLAG = 'mhv_secure_messaging_curated_list_flow';
const EMAIL = 'vet.person@example.com';
const SSN = '123-45-6789';

/** RUM and a Rollout with the Datadog sink (and OTLP), a flag read and three tracked events. */
function runPage(page, server, telemetry = {}) {
  return page.evaluate(async ({ intake, otlp, flag, email, ssn, telemetry }) => {
    window.DD_RUM.init({
      applicationId: '00000000-0000-4000-8000-000000000000',
      clientToken: 'pub00000000000000000000000000000000',
      site: 'ddog-gov.com',
      service: 'va.gov-mhv-secure-messaging',
      env: 'e2e',
      proxy: intake,
      sessionSampleRate: 100,
      sessionReplaySampleRate: 0,
      trackResources: false,
      trackLongTasks: false,
      trackUserInteractions: false,
      defaultPrivacyLevel: 'mask-user-input',
      enablePrivacyForActionName: true,
      // Flag evaluations go on views by default; actions and errors carry them when asked.
      trackFeatureFlagsForEvents: ['action', 'error'],
    });
    // RUM starts its session asynchronously; calls before that are buffered, and a page left
    // before it started would lose them. Wait (bounded) until it runs.
    for (let i = 0; i < 100 && !window.DD_RUM.getInternalContext(); i += 1) {
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!window.DD_RUM.getInternalContext()) throw new Error('RUM did not start');
    const rollout = window.VA.Rollout.start({
      environment: 'staging',
      flags: { source: 'vets-api', bootstrap: { data: { type: 'feature_toggles', features: [{ name: flag, value: true }] } } },
      telemetry: { url: otlp, service: 'va.gov-mhv-secure-messaging', sink: window.VA.datadogSink(), ...telemetry },
    });
    rollout.isEnabled(flag);
    rollout.track.action('Recent Care Teams loaded', { recentCareTeamsCount: 3, email });
    rollout.track.action(`Message sent to ${email}`);
    rollout.track.timing('select_care_team_ms', 250);
    rollout.track.error(`compose_failed for ${ssn}`);
    rollout.flush();
    return rollout.telemetryStats();
  }, { intake: server.url('/rum-intake'), otlp: server.url('/otlp'), flag: FLAG, email: EMAIL, ssn: SSN, telemetry });
}

/** Leaves the page (RUM sends its batches on page exit), then polls `check` over the intake's events. */
async function leaveAndCollect(page, server, check, what) {
  await page.goto('about:blank');
  return until(() => {
    const all = rumEvents(server);
    return check(all) && all;
  }, what, { timeoutMs: 15_000, everyMs: 100 });
}

/** A fresh request log, with the RUM intake and the OTLP endpoint answering. */
function resetIntakes(server) {
  server.reset();
  server.script('/rum-intake', { status: 202, body: '' });
  server.script('/otlp/v1/logs', { status: 200, json: {} });
}

/** Every RUM event the intake received (NDJSON bodies). */
function rumEvents(server) {
  return server.requests('/rum-intake').flatMap((r) =>
    String(r.body).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)));
}

test('events reach RUM scrubbed, with the flag evaluation attached; the same events reach OTLP', async () => {
  const { server, browser } = env;
  resetIntakes(server);
  await withPage(browser, 'datadog-sink', async (page) => {
    await openPage(page, server);
    const stats = await runPage(page, server);
    assert.ok(stats && stats.sampled, 'telemetry runs on 127.0.0.1');
    const events = await leaveAndCollect(page, server, (all) =>
      all.some((e) => e.type === 'error' && e.error?.source === 'custom') && all.filter((e) => e.type === 'action').length >= 3,
    'the RUM intake to receive our actions and error');
    const actions = events.filter((e) => e.type === 'action' && e.action?.type === 'custom');
    const loaded = actions.find((e) => e.action.target.name === 'Recent Care Teams loaded');
    assert.ok(loaded, `actions: ${actions.map((e) => e.action.target.name).join(' | ')}`);
    assert.equal(loaded.context['va_rollout.attr.recentCareTeamsCount'], 3);
    assert.equal(loaded.context['va_rollout.kind'], 'action');
    assert.equal(loaded.feature_flags?.[FLAG], true, 'the exposure is attached as a feature-flag evaluation');
    const view = events.filter((e) => e.type === 'view').at(-1);
    assert.equal(view.feature_flags?.[FLAG], true, 'and on the view');
    const timing = actions.find((e) => e.context['va_rollout.kind'] === 'timing');
    assert.equal(timing.context['va_rollout.duration_ms'], 250);
    const error = events.find((e) => e.type === 'error' && e.error.source === 'custom');
    assert.equal(error.context['va_rollout.kind'], 'error');
    const text = JSON.stringify(events);
    assert.ok(!text.includes(EMAIL) && !text.includes(SSN), 'nothing unscrubbed reaches RUM');
    assert.ok(actions.some((e) => e.action.target.name.startsWith('Message sent to ')), 'the scrubbed name is kept');
    // OTLP got the same events.
    await until(() => server.requests('/otlp/v1/logs').length > 0, 'an OTLP request');
    const otlp = server.requests('/otlp/v1/logs').map((r) => String(r.body)).join('\n');
    assert.ok(otlp.includes('Recent Care Teams loaded') && otlp.includes('select_care_team_ms'));
    assert.ok(!otlp.includes(EMAIL) && !otlp.includes(SSN));
  });
});

test('under window.Mocha nothing of ours reaches RUM or OTLP; enableInTestEnvironments turns it on', async () => {
  const { server, browser } = env;
  resetIntakes(server);
  await withPage(browser, 'datadog-mocha', async (page) => {
    await openPage(page, server, () => {
      window.Mocha = {};
    });
    const stats = await runPage(page, server);
    assert.equal(stats, null, 'telemetry is off: no stats');
    // A control: the app's own RUM action (RUM itself works on this page).
    await page.evaluate(() => window.DD_RUM.addAction('app control action'));
    const isControl = (e) => e.type === 'action' && e.action?.target?.name === 'app control action';
    await leaveAndCollect(page, server, (all) => all.some(isControl), 'the control action');
    const ours = rumEvents(server).filter((e) => !isControl(e) && (e.type === 'action' || e.type === 'error' || e.feature_flags?.[FLAG] !== undefined));
    assert.deepEqual(ours, []);
    assert.equal(server.requests('/otlp/v1/logs').length, 0);
  });
  resetIntakes(server);
  await withPage(browser, 'datadog-mocha-enabled', async (page) => {
    await openPage(page, server, () => {
      window.Cypress = {};
    });
    const stats = await runPage(page, server, { enableInTestEnvironments: true });
    assert.ok(stats && stats.sampled);
    await leaveAndCollect(page, server, (all) => all.some((e) => e.type === 'action' && e.action?.target?.name === 'Recent Care Teams loaded'), 'our actions with the override');
  });
});
