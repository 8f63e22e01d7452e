// The environment comes from configuration or the real hostname only: no page input switches a
// production page (an unknown host) to staging. Each case also tries to turn the probe flag on
// through an override, which only a non-production environment would accept. The control test
// shows that configuration does switch it, so environment() and the override check can fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until, withPage } from '../lib/chromium.mjs';
import {
  BOOTSTRAP, EVIL_HOST, PROBE, PROD_HOST, openFixture, originFor, probeState, startProbe,
  useSiteAndBrowser,
} from './helpers.mjs';

const site = useSiteAndBrowser({ flagsFile: null });

const prod = () => originFor(site.collector, PROD_HOST);
/** Names an app, a tester or an attacker might guess for an environment switch. */
const KEYS = ['environment', 'env', 'va-rollout-environment', 'va-rollout:environment', 'va-rollout:environment:v1',
  'vaRolloutEnvironment', 'VA_ROLLOUT_ENVIRONMENT', 'va_rollout_env', '__BUILDTYPE__', 'buildtype'];
const STAGING = JSON.stringify({ environment: 'staging', env: 'staging' });

/** Opens a production page with `init` run before any page script, then starts and attacks. */
async function attempt(name, { suffix = '/', init, cookies, afterLoad } = {}) {
  return withPage(site.browser, `security-env-${name}`, async (page, errors, context) => {
    if (cookies) await context.addCookies(cookies);
    if (init) await context.addInitScript(init[0], init[1]);
    await openFixture(page, prod() + suffix);
    if (afterLoad) await afterLoad(page);
    const started = await startProbe(page);
    const override = await page.evaluate((p) => window.rollout.override(p, true), PROBE);
    const state = await probeState(page);
    assert.deepEqual(errors.filter((e) => e.startsWith('uncaught')), []);
    return { started, override, state };
  });
}

function assertProduction(out, what) {
  assert.equal(out.started.environment, 'production', `${what}: environment()`);
  assert.equal(out.override, false, `${what}: override refused`);
  assert.equal(out.state.enabled, false, `${what}: probe stays off`);
  assert.notEqual(out.state.decision.reason, 'OVERRIDE', `${what}: reason`);
}

test('control: configuration (and only configuration) switches a production host to staging', async () => {
  const out = await withPage(site.browser, 'security-env-control', async (page) => {
    await openFixture(page, prod() + '/');
    const started = await startProbe(page, { environment: 'staging' });
    const override = await page.evaluate((p) => window.rollout.override(p, true), PROBE);
    return { started, override, state: await probeState(page) };
  });
  assert.equal(out.started.environment, 'staging');
  assert.equal(out.override, true);
  assert.equal(out.state.decision.reason, 'OVERRIDE');
});

test('query string', async () => {
  const q = KEYS.map((k) => `${encodeURIComponent(k)}=staging`).join('&');
  assertProduction(await attempt('query', { suffix: `/?${q}&va-rollout=${PROBE}:on` }), 'query');
});

test('hash', async () => {
  const q = KEYS.map((k) => `${encodeURIComponent(k)}=staging`).join('&');
  assertProduction(await attempt('hash', { suffix: `/#${q}&va-rollout=${PROBE}:on` }), 'hash');
  assertProduction(await attempt('hash-query', { suffix: `/#/?environment=staging&va-rollout=${PROBE}:on` }), 'hash route');
});

for (const area of ['localStorage', 'sessionStorage']) {
  test(area, async () => {
    const out = await attempt(area, {
      init: [
        ([areaName, keys, staging]) => {
          const s = window[areaName];
          for (const k of keys) s.setItem(k, 'staging');
          s.setItem('va-rollout:config:v1', staging);
          s.setItem('va-rollout:env:v1', staging);
        },
        [area, KEYS, STAGING],
      ],
    });
    assertProduction(out, area);
  });
}

test('cookies', async () => {
  const url = prod() + '/';
  const cookies = [...KEYS.filter((k) => /^[A-Za-z0-9_-]+$/.test(k)), 'va-rollout-env', 'va_rollout_environment']
    .map((name) => ({ name, value: 'staging', url }));
  assertProduction(await attempt('cookies', { cookies }), 'cookies');
});

test('window.name', async () => {
  for (const value of ['staging', STAGING, `va-rollout=${PROBE}:on`]) {
    assertProduction(await attempt('window-name', { init: [(v) => { window.name = v; }, value] }), `window.name=${value}`);
  }
});

test('globals set before load', async () => {
  const out = await attempt('globals', {
    init: [
      ([keys, staging]) => {
        for (const k of keys) window[k] = 'staging';
        const config = JSON.parse(staging);
        window.vaRolloutConfig = config;
        window.__VA_ROLLOUT__ = config;
        window.VA_ROLLOUT = config;
        window.vaRollout = { environment: 'staging', override: () => true };
      },
      [KEYS, STAGING],
    ],
  });
  assertProduction(out, 'globals');
});

// A page script that runs first can replace `self` / `globalThis` / `Window` (all replaceable
// bindings) with an object claiming to be a window on staging.va.gov. wasm-bindgen's
// js_sys::global() looks up `self` first, so before the fix the SDK read this fake location and
// switched to staging (observed: environment "staging", override accepted, reason OVERRIDE). The
// SDK now reads the hostname from the unforgeable `location` binding. Playwright's own injected
// script cannot run while `self` is fake, so the attack starts the Rollout itself and restores
// the globals and reports on the console.
test('a fake window installed as self/globalThis before load', async () => {
  const out = await withPage(site.browser, 'security-env-fake-self', async (page, errors, context) => {
    await context.addInitScript(
      ({ bootstrap, probe }) => {
        const real = window;
        const fake = Object.create(Window.prototype);
        const fakeLocation = { hostname: 'staging.va.gov', host: 'staging.va.gov', search: `?va-rollout=${probe}:on`, pathname: '/' };
        Object.defineProperty(fake, 'location', { value: fakeLocation });
        real.self = fake;
        real.globalThis = fake;
        const tick = () => {
          if (!real.VA) {
            setTimeout(tick, 10);
            return;
          }
          let out;
          try {
            const r = real.VA.Rollout.start({ flags: { source: 'vets-api', names: [probe], bootstrap } });
            out = { environment: r.environment(), override: r.override(probe, true), decision: r.evaluate(probe) };
          } catch (e) {
            out = { error: String(e) };
          }
          real.globalThis = real;
          real.self = real;
          // Reported on the console: evaluating in the page while `self` is fake would break
          // Playwright's injected script for the rest of the page's life.
          real.console.log(`va-attack:${JSON.stringify(out)}`);
        };
        tick();
      },
      { bootstrap: BOOTSTRAP, probe: PROBE },
    );
    const reported = page.waitForEvent('console', { predicate: (m) => m.text().startsWith('va-attack:'), timeout: 20_000 });
    await page.goto(prod() + '/');
    const raw = (await reported).text().slice('va-attack:'.length);
    assert.deepEqual(errors.filter((e) => e.startsWith('uncaught')), []);
    return JSON.parse(raw);
  });
  assert.equal(out.error, undefined);
  assert.equal(out.environment, 'production');
  assert.equal(out.override, false);
  assert.equal(out.decision.value, false);
  assert.notEqual(out.decision.reason, 'OVERRIDE');
});

test('postMessage from the page and from a cross-origin frame', async () => {
  const evil = originFor(site.collector, EVIL_HOST);
  const out = await attempt('postmessage', {
    afterLoad: async (page) => {
      await page.evaluate(() => {
        for (const m of [{ environment: 'staging' }, { type: 'va-rollout:environment', environment: 'staging' }, 'staging']) {
          window.postMessage(m, '*');
        }
      });
      await page.evaluate((src) => {
        const f = document.createElement('iframe');
        f.src = src;
        document.body.append(f);
      }, `${evil}/attacker.html`);
      await until(() => page.evaluate(() => window.__messages.some((m) => m.data && m.data.attackerDone)), 'frame messages');
    },
  });
  assertProduction(out, 'postMessage');
});
