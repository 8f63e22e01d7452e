// Screenshots of the demo for the README walkthrough → docs/img/demo-*.png (1000×700 viewport).
// Run by hand (not in CI) after ./scripts/build-www.sh and `npm ci` at the root (the npm workspace):
//   cargo build -p va-rollout-collector && node www/screenshots.mjs
// It starts the collector (tests/e2e harness, temp database) serving www/dist on 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, launchChromium } from '../tests/e2e/lib/chromium.mjs';
import { startCollector } from '../tests/e2e/lib/collector.mjs';

const OUT = path.join(ROOT, 'docs/img');
const SM = '/my-health/secure-messages';
fs.mkdirSync(OUT, { recursive: true });

const collector = await startCollector({ staticDirs: { '/': path.join(ROOT, 'www/dist') } });
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
const page = await context.newPage();
const ready = (name) => page.waitForSelector(`main#app[data-ready="true"][data-page="${name}"]`);
const click = (action, value) => page.click(`[data-dd-action-name="${action}"]${value ? `[value="${value}"]` : ''}`);
async function shot(name) {
  const file = path.join(OUT, `demo-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`  ${path.relative(ROOT, file)}  ${fs.statSync(file).size} bytes`);
}

try {
  await page.goto(`${collector.origin}${SM}/inbox/?user=sm.qa.vista@example.com`);
  await ready('inbox');
  await click('Start a new message button');
  await ready('interstitial');
  await shot('interstitial');
  await click('Continue to start message button on Interstitial Page');
  await ready('recent');
  await click('Recent Care Teams radio option', '9831001');
  await shot('recent');
  await click('A different care team radio option');
  await click('Continue button on Recent care teams page');
  await ready('select-care-team');
  await click('Care System Radio button', '984');
  await page.selectOption('[data-dd-action-name="Care team select"]', '9841003');
  await shot('select-care-team');
  await click('Continue button on Select care team page');
  await ready('start-message');
  await page.fill('#subject', 'Question about my refill');
  await shot('start-message');

  await page.goto(`${collector.origin}/my-health/appointments/?user=vaos.qa.user@example.com`);
  await ready('appointments');
  await shot('appointments');

  await page.goto(`${collector.origin}${SM}/new-message/?user=actor-002@example.com`);
  await ready('legacy-compose');
  await page.evaluate(() => window.vaRollout.panel());
  await page.locator('#va-rollout-panel').waitFor();
  await shot('qa-panel');
} finally {
  await browser.close();
  await collector.stop();
}
