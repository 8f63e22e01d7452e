// Journey 2 — flow on, recent recipients on, a user with recent care teams:
//   inbox → interstitial → /recent → pick a team → /start-message ("To {system} - {team}");
//   /recent → "A different care team" → /select-care-team → /start-message
//     → "Select a different care team" → /select-care-team.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { withPage } from '../lib/chromium.mjs';
import { FLOW, PATHS, PERSONAS, RECENT, clickAction, inboxToRecent, selectAction, startDemo, waitForPage } from './helpers.mjs';

// The VistA QA persona (www/src/personas.js): systems 983 Cheyenne and 984 Dayton; recent teams
// 9831001 (Cheyenne, Primary Care Blue Team) and 9841002 (Dayton, Mental Health Clinic).
const USER = PERSONAS.vista;
const CHEYENNE = 'Cheyenne VA Medical Center';
const DAYTON = 'Dayton VA Medical Center';

let demo;
before(async () => {
  demo = await startDemo();
  await demo.flipper.boolean(FLOW, true);
  await demo.flipper.boolean(RECENT, true);
});
after(() => demo?.stop());

async function toRecent(page) {
  assert.equal((await demo.openAs(page, USER, PATHS.inbox)).page, 'inbox');
  const recent = await inboxToRecent(page);
  assert.equal(recent.path, PATHS.recent);
  return recent;
}

const recipient = (page) => page.locator('#selected-recipient').innerText();

test('interstitial → /recent → pick a recent team → /start-message', async () => {
  await withPage(demo.browser, 'j2-recent-team', async (page, errors) => {
    await toRecent(page);
    const teams = await page.locator('[data-dd-action-name="Recent Care Teams radio option"]').evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(teams, ['9831001', '9841002'], 'the persona’s two recent teams, in order');
    await clickAction(page, 'Recent Care Teams radio option', '9841002');
    await clickAction(page, 'Continue button on Recent care teams page');
    const s = await waitForPage(page, 'start-message');
    assert.deepEqual([s.flow, s.path], ['curated', PATHS.startMessage]);
    assert.match(await recipient(page), new RegExp(`To ${DAYTON} - Mental Health Clinic`));
    assert.deepEqual(errors, []);
  });
});

test('/recent → A different care team → /select-care-team → /start-message → Select a different care team → /select-care-team', async () => {
  await withPage(demo.browser, 'j2-different-team', async (page, errors) => {
    await toRecent(page);
    await clickAction(page, 'A different care team radio option', 'other');
    await clickAction(page, 'Continue button on Recent care teams page');
    let s = await waitForPage(page, 'select-care-team');
    assert.equal(s.path, PATHS.selectCareTeam);
    // Two care systems: radio tiles (careSystemPicker(2) = 'radio'); VistA ⇒ "Update your contact list".
    assert.equal(await page.locator('[data-dd-action-name="Care System Radio button"]').count(), 2);
    assert.equal(await page.locator('[data-dd-action-name="Update your contact list link"]').count(), 1);
    await clickAction(page, 'Care System Radio button', '983');
    await selectAction(page, 'Care team select', '9831003');
    await clickAction(page, 'Continue button on Select care team page');
    s = await waitForPage(page, 'start-message');
    assert.equal(s.path, PATHS.startMessage);
    assert.match(await recipient(page), new RegExp(`To ${CHEYENNE} - Pharmacy`));
    await clickAction(page, 'Select a different care team link');
    s = await waitForPage(page, 'select-care-team');
    assert.deepEqual([s.flow, s.path], ['curated', PATHS.selectCareTeam]);
    // Back navigation still goes through the router: the browser's back returns to /start-message.
    await page.goBack();
    assert.equal((await waitForPage(page, 'start-message')).path, PATHS.startMessage);
    assert.deepEqual(errors, []);
  });
});
