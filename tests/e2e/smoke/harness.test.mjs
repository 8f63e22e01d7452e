// The e2e harness itself: the collector starts, serves its report to Chromium without page
// errors, and comes back on the same port with the same database after stop()/start().
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium, withPage } from '../lib/chromium.mjs';
import { startCollector } from '../lib/collector.mjs';

let collector;
let browser;
before(async () => {
  collector = await startCollector();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

test('the report page renders in Chromium with no page errors', async () => {
  await withPage(browser, 'smoke-report', async (page, errors) => {
    const res = await page.goto(`${collector.origin}/report`);
    assert.equal(res.status(), 200);
    assert.match(await page.title(), /rollout/i);
    // The browser's own favicon probe may 404 (the report page declares none); nothing else may fail.
    assert.deepEqual(errors.filter((e) => !/\/favicon\.ico\)$/.test(e)), []);
  });
});

test('stop() refuses connections and start() serves the same database again', async () => {
  const flags = async () => (await fetch(`${collector.origin}/v0/feature_toggles`)).json();
  const before = await flags();
  await collector.stop();
  await assert.rejects(fetch(`${collector.origin}/healthz`));
  await collector.start();
  assert.deepEqual(await flags(), before);
  assert.ok(before.data.features.length > 0);
});
