// The integrations suites' fixture: one fault server (tests/e2e/lib/fault-server.mjs) serving the
// test page at /, the built package at /pkg and the real @datadog/browser-rum bundle at /rum, and
// answering the scripted endpoints (vets-api flags, the RUM intake, OTLP); and Chromium.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ROOT, launchChromium } from '../lib/chromium.mjs';
import { startFaultServer } from '../lib/fault-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// Resolved like an import (the npm workspace hoists it to the repository's node_modules).
const RUM_BUNDLE = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@datadog/browser-rum/package.json')),
  'bundle',
);

/** Registers before/after hooks; `env.server` and `env.browser` are set once they ran. */
export function useServerAndBrowser() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startFaultServer({
      staticDirs: { '/pkg': path.join(ROOT, 'pkg'), '/rum': RUM_BUNDLE, '/': path.join(here, 'site') },
    });
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Opens the test page (optionally with an init script run before any page script). */
export async function openPage(page, server, initScript) {
  if (initScript) await page.addInitScript(initScript);
  const res = await page.goto(server.url('/index.html'));
  assert.equal(res.status(), 200);
  await page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 15_000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), 'yes', 'the page loaded the package');
}
