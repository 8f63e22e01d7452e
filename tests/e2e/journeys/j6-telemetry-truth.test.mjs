// Journey 6 — telemetry truth. Four scripted sessions (two curated-flow users, one legacy user,
// one VAOS user with two injected errors) are played in real Chromium; then /report.json must show
// EXACTLY the sessions, clicks, transitions, errors and messages the script performed, and latency
// only from the curated flow on /select-care-team (the release plan's sampling rule) plus the
// failed requests' durations (the report's latency covers error events too). Every expectation
// below is written from the script, not read back from the collector. Then the PII check of
// issue 7 runs the scrubber corpus's checker over every stored value of these real events (the
// actors are e-mail addresses, and the typed subject and body hold an SSN, a phone number, an
// e-mail and a canary word). The report page is saved to tests/artifacts/report.png
// (JOURNEY_REPORT_PNG=docs/img/report.png refreshes the README's picture).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, until, withPage } from '../lib/chromium.mjs';
import { readEvents, readReport, setKnobs } from '../lib/collector-data.mjs';
import { piiShape, readCorpus, stringLeaves } from '../lib/pii.mjs';
import { FLOW, PATHS, clickAction, clickForRender, inboxToRecent, selectAction, sessionOf, startDemo, untilStored, waitForPage } from './helpers.mjs';

const ALPHA = 'j6.alpha@example.com'; // curated flow (actors gate)
const BRAVO = 'j6.bravo@example.com'; // curated flow (actors gate)
const CHARLIE = 'j6.charlie@example.com'; // legacy flow
const DELTA = 'j6.delta@example.com'; // VAOS appointments
const CANARY = 'zebraquartz';
const SUBJECT = 'Refill 202-555-0143';
const BODY = `${CANARY} my SSN is 123-45-6789, born 01/02/1980, write to jane.doe@example.com`;
const REPORT_PNG = path.resolve(ROOT, process.env.JOURNEY_REPORT_PNG ?? 'tests/artifacts/report.png');

let demo;
const sessions = new Map();
before(async () => {
  demo = await startDemo();
  // The curated flow for exactly ALPHA and BRAVO: every gate cleared, then their actor gates.
  await demo.flipper.boolean(FLOW, false);
  await demo.flipper.addActor(FLOW, ALPHA);
  await demo.flipper.addActor(FLOW, BRAVO);
});
after(() => demo?.stop());

/** Chromium's own console line for an HTTP error status (the injected VAOS failures). */
const NETWORK_500 = /^console\.error: Failed to load resource: the server responded with a status of 500/;

/**
 * Plays `steps` as `user` in a fresh browser context; ends by leaving the page (exit flush).
 * No page error or console error is allowed, except `expectedNetworkErrors` 500 lines.
 */
async function play(name, user, start, steps, expectedNetworkErrors = 0) {
  await withPage(demo.browser, `j6-${name}`, async (page, errors) => {
    await demo.openAs(page, user, start);
    await steps(page);
    const session = await sessionOf(page);
    sessions.set(name, session);
    await page.goto('about:blank');
    // The exit flush is a keepalive request the browser sends after the page is gone; closing the
    // context too soon can cancel it (seen once on a loaded machine). Keep the context open until
    // the session's stored rows have stopped growing (bounded), as a user's browser would be.
    await settledRows(session);
    assert.equal(errors.filter((e) => NETWORK_500.test(e)).length, expectedNetworkErrors, errors.join('\n'));
    assert.deepEqual(errors.filter((e) => !NETWORK_500.test(e)), []);
  });
}

/** Until `session`'s stored row count is above 0 and unchanged for 1.5 s (at most 15 s). */
async function settledRows(session) {
  let last = -1;
  let since = Date.now();
  const rows = () => readEvents(demo.collector.db).filter((e) => e.session_id === session).length;
  await until(async () => {
    const n = rows();
    if (n !== last) [last, since] = [n, Date.now()];
    return n > 0 && Date.now() - since >= 1500;
  }, `the stored rows of session ${session} settled`, { timeoutMs: 15_000, everyMs: 250 });
}

async function send(page) {
  await page.fill('#subject', SUBJECT);
  await page.fill('#message-body', BODY);
  await clickAction(page, 'Send message button');
  await page.waitForSelector('#send-status[data-status="sent"]');
}

test('scripted sessions: the report counts exactly what happened', async () => {
  // ALPHA: interstitial → recent → a different team → select-care-team → can't find → help →
  // back → select-care-team → system 983, team → continue (draft: timed) → start-message → send.
  await play('alpha', ALPHA, PATHS.inbox, async (page) => {
    await inboxToRecent(page);
    await clickAction(page, 'A different care team radio option', 'other');
    await clickAction(page, 'Continue button on Recent care teams page');
    await waitForPage(page, 'select-care-team');
    await clickAction(page, "Can't find your care team link");
    await waitForPage(page, 'care-team-help');
    await clickAction(page, 'Back to select care team link');
    await waitForPage(page, 'select-care-team');
    await clickAction(page, 'Care System Radio button', '983');
    await selectAction(page, 'Care team select', '9831002');
    await clickAction(page, 'Continue button on Select care team page');
    await waitForPage(page, 'start-message');
    await send(page);
  });
  // BRAVO: interstitial → recent → a recent team → start-message → select a different team →
  // select-care-team → system 984, team → continue (draft: timed) → start-message → send.
  await play('bravo', BRAVO, PATHS.inbox, async (page) => {
    await inboxToRecent(page);
    await clickAction(page, 'Recent Care Teams radio option', '9831001');
    await clickAction(page, 'Continue button on Recent care teams page');
    await waitForPage(page, 'start-message');
    await clickAction(page, 'Select a different care team link');
    await waitForPage(page, 'select-care-team');
    await clickAction(page, 'Care System Radio button', '984');
    await selectAction(page, 'Care team select', '9841001');
    await clickAction(page, 'Continue button on Select care team page');
    await waitForPage(page, 'start-message');
    await send(page);
  });
  // CHARLIE (legacy): Start a new message → legacy compose → recipient → send (untimed: legacy).
  await play('charlie', CHARLIE, PATHS.inbox, async (page) => {
    await clickAction(page, 'Start a new message button');
    await waitForPage(page, 'legacy-compose');
    await selectAction(page, 'Recipient select', '9841001');
    await send(page);
  });
  // DELTA (VAOS): the next demo request fails on each of two loads of the appointments page.
  await setKnobs(demo.collector, { failNext: 1, errorStatus: 500 });
  await play('delta', DELTA, PATHS.appointments, async (page) => {
    await setKnobs(demo.collector, { failNext: 1 });
    await clickForRender(page, 'Refresh appointments button', 'appointments');
    assert.equal((await setKnobs(demo.collector, {})).failNext, 0, 'both forced failures were used');
  }, 2);

  const ids = [...sessions.values()];
  assert.equal(new Set(ids).size, 4, `four distinct sessions: ${ids}`);
  // Every session's exit flush has arrived when its clicks are all stored.
  await untilStored(demo.collector, async () => readEvents(demo.collector.db).filter((e) => e.event_name === 'va_rollout.click').length, 23, 'all 23 clicks stored');
  await new Promise((r) => setTimeout(r, 500));

  const report = await readReport(demo.collector, { stage: 'journey 6' });
  const all = report.all;
  assert.equal(all.sessions, 4);
  assert.deepEqual(all.clicks, {
    'A different care team radio option': 1,
    'Back to select care team link': 1,
    "Can't find your care team link": 1,
    'Care System Radio button': 2,
    'Care team select': 2,
    'Continue button on Recent care teams page': 2,
    'Continue button on Select care team page': 2,
    'Continue to start message button on Interstitial Page': 2,
    'Recent Care Teams radio option': 1,
    'Recipient select': 1,
    'Refresh appointments button': 1,
    'Select a different care team link': 1,
    'Send message button': 3,
    'Start a new message button': 3,
  });
  // Transitions are the router's start/next results and guard REDIRECTS (an allowed guard is
  // not a transition: core/src/routing/secure_messaging/tests.rs `g.redirected == g.transition.is_some()`). So ALPHA's
  // "Back to select care team" (an allowed guard) is none: ALPHA 5 (start, continue,
  // different_team, cant_find_team, select_team), BRAVO 5 (start, continue, select_team,
  // select_different_team, select_team), CHARLIE 1 (start).
  assert.equal(all.eventsByName['va_rollout.transition'], 11);
  assert.equal(all.eventsByName['va_rollout.click'], 23);
  assert.deepEqual(
    {
      entriesRecent: all.paths.entriesRecent,
      entriesSelectCareTeam: all.paths.entriesSelectCareTeam,
      fromRecent: all.paths.fromRecent,
      recentToStartMessage: all.paths.recentToStartMessage,
      recentToSelectCareTeam: all.paths.recentToSelectCareTeam,
      flowSessions: all.paths.flowSessions,
      careTeamHelpSessions: all.paths.careTeamHelpSessions,
    },
    { entriesRecent: 2, entriesSelectCareTeam: 2, fromRecent: 2, recentToStartMessage: 1, recentToSelectCareTeam: 1, flowSessions: 3, careTeamHelpSessions: 1 },
  );
  assert.equal(all.messagesSent, 3);
  assert.equal(all.errors, 2);
  assert.deepEqual(all.errorsByStatus, { 500: 2 });
  assert.equal(all.breakerEvents, 0);
  // Latency: two drafts on /select-care-team in the curated flow (sampled at 1); every other
  // timing (sends, VAOS loads) sampled at 0; plus the two failed VAOS requests.
  assert.equal(all.eventsByName['va_rollout.timing'], 2);
  const drafts = all.latency.find((l) => l.name === 'sm.drafts.create');
  assert.equal(drafts?.count, 2, JSON.stringify(all.latency));
  const others = all.latency.filter((l) => l.name !== 'sm.drafts.create');
  assert.ok(others.every((l) => l.name.startsWith('vaos.')), JSON.stringify(others));
  assert.equal(others.reduce((n, l) => n + l.count, 0), 2, 'the two failed requests');
  const timings = readEvents(demo.collector.db).filter((e) => e.event_name === 'va_rollout.timing');
  for (const t of timings) {
    assert.deepEqual([t.flow, t.path, t.flag_context[FLOW], t.session_id === sessions.get('charlie')], ['curated', PATHS.selectCareTeam, true, false]);
  }
  assert.deepEqual(new Set(timings.map((t) => t.session_id)), new Set([sessions.get('alpha'), sessions.get('bravo')]));
  // The curated-flow share: ALPHA and BRAVO's events are variant "new", CHARLIE's "base".
  assert.equal(report.variants.new.messagesSent, 2);
  assert.equal(report.variants.base.messagesSent, 1);

  await withPage(demo.browser, 'j6-report', async (page) => {
    await page.goto(`${demo.origin}/report?stage=journey%206`);
    fs.mkdirSync(path.dirname(REPORT_PNG), { recursive: true });
    // The top of the report (verdict, criteria, variants, errors and latency charts, paths).
    await page.screenshot({ path: REPORT_PNG, fullPage: true, clip: { x: 0, y: 0, width: 960, height: 1500 } });
  }, { viewport: { width: 960, height: 900 }, deviceScaleFactor: 1 });
  const size = fs.statSync(REPORT_PNG).size;
  assert.ok(size > 10_000, `${REPORT_PNG} is ${size} bytes: the report page did not render`);
});

test('PII: no stored value of the captured events holds an e-mail, SSN, phone, date, query string or typed text', () => {
  const corpus = readCorpus();
  assert.deepEqual(corpus.filter((l) => !piiShape(l)), [], 'the checker catches every corpus line');
  const events = readEvents(demo.collector.db);
  assert.ok(events.length >= 60, `${events.length} events`);
  const ID_KEYS = new Set(['event_id', 'session_id', 'attributes.session.id', 'attributes.va_rollout.event.id']);
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  // Event ids: a random UUID per page load and a base-36 counter (README, Event catalogue).
  const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[0-9a-z]{1,13}$/;
  const EVENT_ID_KEYS = new Set(['event_id', 'attributes.va_rollout.event.id']);
  const leaks = [];
  for (const e of events) {
    for (const [key, value] of stringLeaves(e)) {
      // Ids are generated by the SDK (crypto.randomUUID), not user data: checked for that shape.
      if (ID_KEYS.has(key)) {
        const shape = EVENT_ID_KEYS.has(key) ? EVENT_ID : UUID;
        if (!shape.test(value)) leaks.push(`${key} is not an SDK-generated id: ${value}`);
        continue;
      }
      const why =
        piiShape(value) ??
        (/\?[^\s]*=/.test(value) ? 'a query string' : null) ??
        (value.toLowerCase().includes(CANARY) ? 'the typed canary word' : null) ??
        (/j6\.(alpha|bravo|charlie|delta)/i.test(value) ? 'an actor id' : null);
      if (why) leaks.push(`${e.event_name} ${key}: ${why}: ${JSON.stringify(value)}`);
    }
  }
  assert.deepEqual(leaks, []);
});
