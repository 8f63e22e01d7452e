// The QA panel (`vaRollout.panel()`, pkg-template/src/panel.js) in the demo app: it opens on
// 127.0.0.1 (localhost) under a strict CSP, lists every flag, flips an override (isEnabled
// follows at once), clears, closes; on an unknown host (production) it is refused and nothing
// is rendered or changed.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, launchChromium, until, withPage } from '../lib/chromium.mjs';
import { startCollector } from '../lib/collector.mjs';

const FLOW = 'mhv_secure_messaging_curated_list_flow';
const PROD_HOST = 'demo.va-rollout.test';
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";

let collector;
let browser;
before(async () => {
  collector = await startCollector({ staticDirs: { '/': path.join(ROOT, 'www/dist') } });
  browser = await launchChromium([`--host-resolver-rules=MAP ${PROD_HOST} 127.0.0.1`]);
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

async function openApp(page, origin, user) {
  await page.goto(`${origin}/my-health/secure-messages/inbox/?user=${encodeURIComponent(user)}`);
  await page.waitForSelector('main#app[data-ready="true"][data-page="inbox"]');
}

const isEnabled = (page) => page.evaluate((f) => window.vaDemo.rollout.isEnabled(f), FLOW);

test('localhost: the panel opens under a strict CSP, flips and clears overrides, closes', async () => {
  await withPage(browser, 'panel-localhost', async (page, errors) => {
    // Serve the document with a strict CSP: the panel must need no inline style or script.
    await page.route(/\/my-health\/secure-messages\/inbox\//, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': CSP } });
    });
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await openApp(page, collector.origin, 'panel-actor-1@example.com');
    const initial = await isEnabled(page);
    assert.equal(await page.evaluate(() => window.vaRollout.panel()), true);
    const panel = page.locator('#va-rollout-panel');
    await panel.waitFor();
    assert.equal(await panel.evaluate((el) => getComputedStyle(el).position), 'fixed');
    const flags = await page.evaluate(() => window.vaRollout.flags().map((f) => f.name).sort());
    const rows = await panel.locator('tr[data-flag]').evaluateAll((trs) => trs.map((t) => t.dataset.flag).sort());
    assert.deepEqual(rows, flags, 'one row per flag');
    assert.ok(rows.includes(FLOW));
    const row = panel.locator(`tr[data-flag="${FLOW}"]`);
    assert.equal(await row.getAttribute('data-value'), String(initial));
    // Styled through the constructed stylesheet (a CSP-blocked <style> would leave it plain).
    assert.equal(await panel.locator('.p').evaluate((el) => getComputedStyle(el).borderTopStyle), 'solid');

    await panel.locator(`button[data-flag="${FLOW}"]`).click();
    await until(async () => (await isEnabled(page)) === !initial, 'isEnabled to follow the override');
    await until(async () => (await row.getAttribute('data-reason')) === 'OVERRIDE', 'the row to show OVERRIDE');
    assert.equal(await row.getAttribute('data-value'), String(!initial));
    assert.equal(await page.getAttribute('#actor-flow', 'data-value'), initial ? 'legacy' : 'curated', 'the app re-rendered on onChange');

    await panel.locator('button[data-action="clear"]').click();
    await until(async () => (await isEnabled(page)) === initial, 'clearOverrides to restore the value');
    await until(async () => (await row.getAttribute('data-reason')) !== 'OVERRIDE', 'the row to drop OVERRIDE');

    assert.equal(await page.evaluate(() => window.vaRollout.panel()), false, 'a second call closes');
    assert.equal(await page.locator('#va-rollout-panel').count(), 0);
    assert.equal(await page.evaluate(() => window.vaRollout.panel()), true, 'and a third opens again');
    await panel.locator('button[data-action="close"]').click();
    assert.equal(await page.locator('#va-rollout-panel').count(), 0, 'the close button closes');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
  });
});

test('production (unknown host): panel() is refused, nothing rendered, nothing changed', async () => {
  await withPage(browser, 'panel-production', async (page, errors) => {
    const warnings = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await openApp(page, `http://${PROD_HOST}:${collector.port}`, 'panel-actor-1@example.com');
    assert.equal(await page.textContent('#actor-env strong'), 'production');
    const initial = await isEnabled(page);
    assert.equal(await page.evaluate(() => window.vaRollout.panel()), false);
    assert.equal(await page.evaluate(() => window.vaDemo.rollout.panel()), false);
    assert.equal(await page.locator('#va-rollout-panel').count(), 0);
    assert.ok(warnings.some((w) => /panel\(\) refused.*production/.test(w)), `a clear console warning: ${warnings.join(' | ')}`);
    assert.equal(await page.evaluate((f) => window.vaRollout.override(f, true), FLOW), false);
    assert.equal(await isEnabled(page), initial);
    assert.deepEqual(errors, []);
  });
});
