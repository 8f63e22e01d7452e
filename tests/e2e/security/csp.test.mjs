// The package works under a strict Content-Security-Policy that allows only 'self' and
// 'wasm-unsafe-eval', sent by the collector's --content-security-policy on its static mounts:
// a fixture page and the demo app (www/dist, when built) make decisions and deliver telemetry
// with zero CSP violations. Controls: the same policy does report an inline script (so the
// violation watcher works), and without 'wasm-unsafe-eval' the module cannot compile.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, launchChromium, until, withPage } from '../lib/chromium.mjs';
import { startCollector } from '../lib/collector.mjs';
import { PKG, SITE, startSite } from './helpers.mjs';

export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'";
const WITHOUT_WASM = "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self'";
const DEMO_DIST = path.join(ROOT, 'www/dist');

let browser;
const collectors = [];
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  for (const c of collectors) await c.stop();
});

async function site(policy, staticDirs) {
  const c = staticDirs
    ? await startCollector({ staticDirs, args: ['--content-security-policy', policy] })
    : await startSite({ args: ['--content-security-policy', policy] });
  collectors.push(c);
  return c;
}

/** Records CSP violations from the first script on (init script) and from the console. */
async function watchCsp(page, context) {
  await context.addInitScript(() => {
    window.__cspAll = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspAll.push(`${e.effectiveDirective || e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber} ${e.sample || ''}`);
    });
  });
  const consoleLines = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) consoleLines.push(m.text());
  });
  return async () => [...(await page.evaluate(() => window.__cspAll || [])), ...consoleLines.map((l) => `console: ${l}`)];
}

async function events(collector) {
  return (await (await fetch(`${collector.origin}/healthz`)).json()).events;
}

test('the collector sends the policy with static files', async () => {
  const c = await site(STRICT_CSP);
  for (const p of ['/csp.html', '/pkg/web/index.js', '/pkg/web/va_rollout_bg.wasm']) {
    const r = await fetch(`${c.origin}${p}`);
    assert.equal(r.status, 200, p);
    assert.equal(r.headers.get('content-security-policy'), STRICT_CSP, p);
  }
});

test('under the strict CSP the SDK decides, delivers telemetry and opens its panel with zero violations', async () => {
  const c = await site(STRICT_CSP);
  const before = await events(c);
  const { result, violations } = await withPage(browser, 'security-csp-fixture', async (page, errors, context) => {
    const violationsNow = await watchCsp(page, context);
    await page.goto(`${c.origin}/csp.html`);
    await until(() => page.evaluate(() => document.documentElement.dataset.result), 'the fixture finished', { timeoutMs: 20_000 });
    const r = await page.evaluate(() => window.__result);
    await page.waitForTimeout(200);
    assert.deepEqual(errors, []);
    return { result: r, violations: await violationsNow() };
  });
  assert.equal(result.stage, 'done', result.error);
  assert.equal(result.decision.source, 'vets-api', 'decided from the collector’s flags');
  assert.equal(result.lastError, null);
  assert.ok(result.stats.sent >= 2, `telemetry sent: ${JSON.stringify(result.stats)}`);
  assert.equal(result.panel, true, 'the QA panel opened (constructed stylesheet, no inline style)');
  assert.deepEqual(violations, []);
  await until(async () => (await events(c)) >= before + 2, 'events stored by the collector');
});

test('control: the same policy reports an inline script and inline styles', async () => {
  const c = await site(STRICT_CSP);
  const out = await withPage(browser, 'security-csp-control', async (page, errors, context) => {
    const violationsNow = await watchCsp(page, context);
    await page.goto(`${c.origin}/csp-control.html`);
    await until(async () => (await violationsNow()).length >= 3, 'three violations');
    return { violations: await violationsNow(), inlineRan: await page.evaluate(() => window.inlineRan === true) };
  });
  assert.equal(out.inlineRan, false);
  assert.ok(out.violations.some((v) => /script-src/.test(v)), out.violations.join('\n'));
  assert.ok(out.violations.some((v) => /style-src/.test(v)), out.violations.join('\n'));
});

test("control: without 'wasm-unsafe-eval' the module cannot compile, and that is a reported violation", async () => {
  const c = await site(WITHOUT_WASM);
  const out = await withPage(browser, 'security-csp-no-wasm', async (page, errors, context) => {
    const violationsNow = await watchCsp(page, context);
    await page.goto(`${c.origin}/csp.html`);
    await until(() => page.evaluate(() => document.documentElement.dataset.result), 'the fixture finished', { timeoutMs: 20_000 });
    return { result: await page.evaluate(() => window.__result), violations: await violationsNow() };
  });
  assert.equal(out.result.stage, 'error');
  assert.match(out.result.error, /CompileError|wasm|WebAssembly/i);
  assert.ok(out.violations.some((v) => /script-src|wasm/i.test(v)), out.violations.join('\n'));
});

const DEMO_BUILT = fs.existsSync(path.join(DEMO_DIST, 'index.html'));
let demoRun = null;
/** Loads the demo app under the strict CSP once; both demo tests read the outcome. */
function runDemo() {
  demoRun ??= (async () => {
    const c = await site(STRICT_CSP, { '/': DEMO_DIST, '/pkg': PKG });
    const before = await events(c);
    const out = await withPage(browser, 'security-csp-demo', async (page, errors, context) => {
      const violationsNow = await watchCsp(page, context);
      await page.goto(`${c.origin}/`);
      await page.waitForSelector('main[data-ready="true"]', { timeout: 20_000 });
      // Navigate inside the app so it makes more decisions and records more events.
      if ((await page.locator('a[href^="/"]').count()) > 0) await page.locator('a[href^="/"]').first().click();
      await page.waitForTimeout(300);
      const state = await page.evaluate(() => ({
        page: document.querySelector('main')?.dataset.page,
        flags: (window.vaRollout && window.vaRollout.flags()) || [],
      }));
      const onPage = await violationsNow();
      // Page exit flushes telemetry (and may log more violations on the console).
      await page.goto('about:blank');
      const violations = [...new Set([...onPage, ...(await violationsNow()).filter((v) => v.startsWith('console:'))])];
      return { state, violations, otherErrors: errors.filter((e) => !/Content Security Policy/.test(e)) };
    });
    out.delivered = await until(async () => (await events(c)) > before, 'the demo’s telemetry reached the collector').catch(() => false);
    return out;
  })();
  return demoRun;
}
const demoSkip = DEMO_BUILT ? false : 'www/dist not built (scripts/build-www.sh)';

test('the demo app (www/dist) runs under the strict CSP: renders, decides, delivers telemetry; the SDK causes no violation', { skip: demoSkip }, async () => {
  const out = await runDemo();
  assert.deepEqual(out.otherErrors, []);
  assert.ok(out.state.flags.length > 0, `the demo made decisions: ${JSON.stringify(out.state)}`);
  assert.ok(out.delivered, 'telemetry stored by the collector');
  // Everything the SDK does: scripts, wasm compilation, fetches, styles.
  assert.deepEqual(out.violations.filter((v) => /script-src|connect-src|style-src|wasm|eval/i.test(v)), []);
});

// Nothing else either: the demo's favicon is a file from 'self', not a data: URL.
test('the demo app under the strict CSP has zero violations of any kind', { skip: demoSkip }, async () => {
  const out = await runDemo();
  assert.deepEqual(out.violations, []);
});
