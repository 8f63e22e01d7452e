// The security suite's fixture: the collector serving tests/e2e/security/site at `/` and the
// built package at `/pkg`, reachable both as a loopback origin (environment `localhost`, the
// staging-equivalent where overrides are allowed) and as an unknown test host mapped to
// 127.0.0.1 by Chromium's --host-resolver-rules (an unknown host ⇒ `production`, per the README).
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, launchChromium } from '../lib/chromium.mjs';
import { startCollector } from '../lib/collector.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SITE = path.join(here, 'site');
export const PKG = path.join(ROOT, 'pkg');
/** An unknown host: the SDK must treat it as production. */
export const PROD_HOST = 'demo.va-rollout.test';
/** A second unknown host: a different origin, for cross-origin frames and foreign CORS requests. */
export const EVIL_HOST = 'evil.va-rollout.test';
export const RESOLVER_ARG = '--host-resolver-rules=MAP *.va-rollout.test 127.0.0.1';
export const OVERRIDES_KEY = 'va-rollout:overrides:v1';

/** The flag every override test tries to turn on: bootstrapped `false`. */
export const PROBE = 'sec_probe_flag';
export const BOOTSTRAP = { data: { type: 'feature_toggles', features: [{ name: PROBE, value: false }] } };

/** Chromium that resolves *.va-rollout.test to 127.0.0.1. */
export function launchWithTestHosts(extra = []) {
  return launchChromium([RESOLVER_ARG, ...extra]);
}

/** The collector serving the fixture site and pkg/ (plus `options` for startCollector). */
export function startSite(options = {}) {
  return startCollector({ staticDirs: { '/': SITE, '/pkg': PKG }, ...options });
}

/**
 * Registers before/after hooks for a test file: the fixture collector (startSite(options)) and a
 * Chromium with the test hosts. Returns an object whose `collector` and `browser` are set once
 * the hooks ran.
 */
export function useSiteAndBrowser(options = {}) {
  const env = { collector: null, browser: null };
  before(async () => {
    env.collector = await startSite(options);
    env.browser = await launchWithTestHosts();
  });
  after(async () => {
    await env.browser?.close();
    await env.collector?.stop();
  });
  return env;
}

/** `http://<host>:<port>` of the collector under another host name. */
export function originFor(collector, host) {
  return `http://${host}:${collector.port}`;
}

/** Opens `url` and waits until boot.js has loaded the package (window.VA). */
export async function openFixture(page, url) {
  const res = await page.goto(url);
  assert.equal(res.status(), 200, `GET ${url}`);
  await page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 15_000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), 'yes', 'the package loaded');
}

/**
 * Starts a Rollout on the page (window.rollout) with PROBE bootstrapped off and `extra` merged
 * into the configuration; returns its environment and PROBE's decision.
 */
export function startProbe(page, extra = {}) {
  return page.evaluate(
    ({ bootstrap, probe, extra }) => {
      window.rollout = window.VA.Rollout.start({
        flags: { source: 'vets-api', names: [probe], bootstrap },
        ...extra,
      });
      return { environment: window.rollout.environment(), decision: window.rollout.evaluate(probe) };
    },
    { bootstrap: BOOTSTRAP, probe: PROBE, extra },
  );
}

/** PROBE as the page sees it now, and what the overrides key in storage holds. */
export function probeState(page) {
  return page.evaluate(
    ({ probe, key }) => ({
      enabled: window.rollout.isEnabled(probe),
      decision: window.rollout.evaluate(probe),
      stored: localStorage.getItem(key),
    }),
    { probe: PROBE, key: OVERRIDES_KEY },
  );
}

/** Console messages of the page, recorded from now on. */
export function recordConsole(page) {
  const lines = [];
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  return lines;
}
