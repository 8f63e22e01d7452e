// Journey 1 — flow off: "Start a new message" reaches the legacy compose page, and a deep link to
// any curated-flow page is redirected to it (the SDK's guard; the URL is replaced).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { withPage } from '../lib/chromium.mjs';
import { CURATED_PAGES, FLOW, PATHS, PERSONAS, clickAction, startDemo, waitForPage } from './helpers.mjs';

let demo;
before(async () => {
  demo = await startDemo();
  // Flipper's disable: every gate of the flow toggle cleared (the QA actors too).
  await demo.flipper.boolean(FLOW, false);
  assert.equal((await demo.flipper.get(FLOW)).state, 'off');
});
after(() => demo?.stop());

for (const [label, user] of [['VistA', PERSONAS.vista], ['hybrid', PERSONAS.hybrid]]) {
  test(`flow off (${label} QA user): Start a new message → legacy compose`, async () => {
    await withPage(demo.browser, `j1-start-${label}`, async (page, errors) => {
      const inbox = await demo.openAs(page, user, PATHS.inbox);
      assert.equal(inbox.page, 'inbox');
      await clickAction(page, 'Start a new message button');
      const s = await waitForPage(page, 'legacy-compose');
      assert.equal(s.flow, 'legacy');
      assert.equal(s.path, PATHS.newMessage);
      assert.deepEqual(errors, []);
    });
  });
}

test('flow off: deep links to every curated page redirect to the legacy compose page', async () => {
  for (const name of CURATED_PAGES) {
    // A fresh browser context per link: no pin or draft state from an earlier page.
    await withPage(demo.browser, `j1-deeplink-${name}`, async (page, errors) => {
      const s = await demo.openAs(page, PERSONAS.vista, PATHS[name]);
      assert.deepEqual(
        { page: s.page, flow: s.flow, path: s.path },
        { page: 'legacy-compose', flow: 'legacy', path: PATHS.newMessage },
        `deep link to ${PATHS[name]}`,
      );
      assert.equal(new URL(page.url()).pathname, PATHS.newMessage, 'the URL is replaced');
      assert.deepEqual(errors, []);
    });
  }
});
