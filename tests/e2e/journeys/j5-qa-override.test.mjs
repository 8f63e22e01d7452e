// Journey 5 — QA overrides from the console. Chromium maps staging.va.gov and an unknown host
// (production: unknown hosts fail closed) to the collector (docs/demo-contract.md "Environments").
// Staging: `vaRollout.override(flow, true)` flips the decision at once (isEnabled, the header),
// the next navigation takes the curated flow, and it survives a reload. Production: the same call
// returns false, stores nothing, and the user stays on legacy across navigation and reload.
// (An override cannot move a flow already PINNED for the browser session — the SDK keeps a user
// in one flow mid-task — so the QA starts on the home page, before any Secure Messaging boundary.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { until, withPage } from '../lib/chromium.mjs';
import { FLOW, HOSTS, HOST_RULES, PATHS, clickAction, startDemo, waitForPage } from './helpers.mjs';

const USER = 'qa.tester@example.com';
const OVERRIDES_KEY = 'va-rollout:overrides:v1';

let demo;
before(async () => {
  demo = await startDemo({ chromiumArgs: [HOST_RULES] });
  await demo.flipper.boolean(FLOW, false); // off for everyone: only an override can turn it on
});
after(() => demo?.stop());

const isEnabled = (page) => page.evaluate((f) => window.vaDemo.rollout.isEnabled(f), FLOW);
const headerFlow = (page) => page.locator('#actor-flow').getAttribute('data-value');
const environment = (page) => page.locator('#actor-env strong').innerText();
const storedOverrides = (page) => page.evaluate((k) => localStorage.getItem(k), OVERRIDES_KEY);

test('staging: override from the console flips the flow at once and survives reload', async () => {
  await withPage(demo.browser, 'j5-staging', async (page, errors) => {
    const messages = [];
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    const home = await demo.openAs(page, USER, PATHS.home, { host: HOSTS.staging });
    assert.equal(home.page, 'home');
    assert.equal(await environment(page), 'staging');
    assert.equal(await isEnabled(page), false);
    assert.equal(await headerFlow(page), 'legacy');

    assert.equal(await page.evaluate((f) => window.vaRollout.override(f, true), FLOW), true);
    assert.equal(await isEnabled(page), true, 'at once, synchronously');
    assert.equal(await page.evaluate((f) => window.vaRollout.flags().find((x) => x.name === f).reason, FLOW), 'OVERRIDE');
    await until(async () => (await headerFlow(page)) === 'curated', 'the header to follow (onChange)');
    assert.ok(messages.some((m) => m.includes(FLOW)), `the override is announced on the console: ${messages.join(' | ')}`);

    await clickAction(page, 'Start a new message link');
    assert.equal((await waitForPage(page, 'interstitial')).flow, 'curated');
    await page.reload();
    const reloaded = await waitForPage(page, 'interstitial');
    assert.deepEqual([reloaded.flow, reloaded.path], ['curated', PATHS.newMessage]);
    assert.equal(await isEnabled(page), true);
    assert.ok(await storedOverrides(page), 'persisted in localStorage');
    assert.deepEqual(errors, []);
  });
});

test('production: the same call is refused and nothing changes', async () => {
  await withPage(demo.browser, 'j5-production', async (page, errors) => {
    const messages = [];
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    const home = await demo.openAs(page, USER, PATHS.home, { host: HOSTS.production });
    assert.equal(home.page, 'home');
    assert.equal(await environment(page), 'production');
    const before = await page.evaluate(() => JSON.stringify(window.vaRollout.flags()));

    assert.equal(await page.evaluate((f) => window.vaRollout.override(f, true), FLOW), false);
    assert.ok(messages.some((m) => /refus|production/i.test(m)), `a console message says why: ${messages.join(' | ')}`);
    assert.equal(await isEnabled(page), false);
    assert.equal(await page.evaluate(() => JSON.stringify(window.vaRollout.flags())), before, 'no decision changed');
    assert.equal(await storedOverrides(page), null, 'nothing stored');
    assert.equal(await headerFlow(page), 'legacy');

    await clickAction(page, 'Start a new message link');
    assert.equal((await waitForPage(page, 'legacy-compose')).flow, 'legacy');
    await page.reload();
    assert.equal((await waitForPage(page, 'legacy-compose')).flow, 'legacy');
    // The staging link form of an override is ignored too.
    await demo.openAs(page, USER, `${PATHS.newMessage}?va-rollout=${FLOW}:on`, { host: HOSTS.production });
    assert.equal((await waitForPage(page, 'legacy-compose')).flow, 'legacy');
    assert.equal(await isEnabled(page), false);
    assert.deepEqual(errors, []);
  });
});
