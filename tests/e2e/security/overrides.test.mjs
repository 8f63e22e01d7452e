// QA overrides are refused in production through every path, and the same paths work on a
// staging-equivalent host (127.0.0.1 ⇒ `localhost`), so each production assertion can fail.
// Production is an unknown host (demo.va-rollout.test, mapped to 127.0.0.1 by Chromium).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { until, withPage } from '../lib/chromium.mjs';
import {
  EVIL_HOST, OVERRIDES_KEY, PROBE, PROD_HOST, openFixture, originFor, probeState,
  recordConsole, startProbe, useSiteAndBrowser,
} from './helpers.mjs';

const site = useSiteAndBrowser({ flagsFile: null });

const ENVS = {
  production: () => originFor(site.collector, PROD_HOST),
  localhost: () => site.collector.origin,
};

/** A valid override document for PROBE, as the SDK itself writes it, expiring in an hour. */
const storedOverride = () =>
  JSON.stringify({ version: 1, entries: { [PROBE]: { value: true, expiresAtMs: Date.now() + 3_600_000 } } });

/**
 * Opens the fixture on `env`'s origin (+ `suffix`), with `init` (a function run before any page
 * script, and its argument) installed, starts the probe Rollout, runs `attack(page)` and returns
 * everything observed.
 */
async function scenario(name, env, { suffix = '/', init, attack } = {}) {
  return withPage(site.browser, `security-${name}-${env}`, async (page, errors, context) => {
    if (init) await context.addInitScript(init[0], init[1]);
    const consoleLines = recordConsole(page);
    await openFixture(page, ENVS[env]() + suffix);
    const started = await startProbe(page);
    const result = attack ? await attack(page) : undefined;
    const state = await probeState(page);
    assert.deepEqual(errors.filter((e) => e.startsWith('uncaught')), [], 'no uncaught error');
    return { started, result, state, console: consoleLines };
  });
}

function assertRefused(out, what) {
  assert.equal(out.started.environment, 'production', `${what}: environment`);
  assert.equal(out.state.enabled, false, `${what}: isEnabled`);
  assert.equal(out.state.decision.value, false, `${what}: value`);
  assert.notEqual(out.state.decision.reason, 'OVERRIDE', `${what}: reason`);
  assert.notEqual(out.state.decision.source, 'override', `${what}: source`);
}

function assertApplied(out, what) {
  assert.equal(out.started.environment, 'localhost', `${what}: environment`);
  assert.equal(out.state.enabled, true, `${what}: isEnabled`);
  assert.equal(out.state.decision.reason, 'OVERRIDE', `${what}: reason`);
  assert.equal(out.state.decision.source, 'override', `${what}: source`);
}

test('the test hosts: demo.va-rollout.test runs as production, 127.0.0.1 as localhost', async () => {
  const prod = await scenario('hosts', 'production', { attack: (p) => p.evaluate(() => location.hostname) });
  assert.equal(prod.result, PROD_HOST);
  assert.equal(prod.started.environment, 'production');
  const local = await scenario('hosts', 'localhost', { attack: (p) => p.evaluate(() => location.hostname) });
  assert.equal(local.result, '127.0.0.1');
  assert.equal(local.started.environment, 'localhost');
});

describe('console API', () => {
  for (const [label, call] of [
    ['window.vaRollout.override', (probe) => window.vaRollout.override(probe, true)],
    ['rollout.override', (probe) => window.rollout.override(probe, true)],
    ['a destructured override', (probe) => { const { override } = window.rollout; return override(probe, 'on'); }],
  ]) {
    test(`${label}: refused in production (false, nothing stored, a console message)`, async () => {
      const out = await scenario('console', 'production', { attack: (p) => p.evaluate(call, PROBE) });
      assert.equal(out.result, false);
      assertRefused(out, label);
      assert.equal(out.state.stored, null, 'nothing written to storage');
      assert.ok(out.console.some((l) => /overrides are disabled in production/.test(l)), out.console.join('\n'));
    });
  }
  test('window.vaRollout.override and rollout.override work on localhost', async () => {
    for (const call of [(probe) => window.vaRollout.override(probe, true), (probe) => window.rollout.override(probe, true)]) {
      const out = await scenario('console', 'localhost', { attack: (p) => p.evaluate(call, PROBE) });
      assert.equal(out.result, true);
      assertApplied(out, 'console override');
      assert.ok(out.state.stored.includes(PROBE), 'persisted');
    }
  });

  test('clearOverrides in production neither applies nor writes anything', async () => {
    const out = await scenario('clear', 'production', {
      init: [([key, doc]) => localStorage.setItem(key, doc), [OVERRIDES_KEY, storedOverride()]],
      attack: (p) =>
        p.evaluate(() => {
          window.vaRollout.clearOverrides();
          window.rollout.clearOverrides();
          return window.rollout.override('sec_probe_flag', true);
        }),
    });
    assert.equal(out.result, false);
    assertRefused(out, 'clearOverrides');
    // The attacker's document is neither honoured nor rewritten (production never writes overrides).
    assert.equal(JSON.parse(out.state.stored).entries[PROBE].value, true);
  });
  test('clearOverrides on localhost removes an override', async () => {
    const out = await scenario('clear', 'localhost', {
      attack: (p) =>
        p.evaluate((probe) => {
          const set = window.vaRollout.override(probe, true);
          const during = window.rollout.isEnabled(probe);
          window.vaRollout.clearOverrides();
          return { set, during };
        }, PROBE),
    });
    assert.deepEqual(out.result, { set: true, during: true });
    assert.equal(out.state.enabled, false);
    assert.equal(out.state.stored, null);
  });

  test('the QA panel does not open in production, and no override follows', async () => {
    const out = await scenario('panel', 'production', {
      attack: (p) =>
        p.evaluate((probe) => ({
          devtools: window.vaRollout.panel(),
          rollout: window.rollout.panel(),
          dialogs: document.querySelectorAll('[role=dialog]').length,
          override: window.rollout.override(probe, true),
        }), PROBE),
    });
    assert.deepEqual(out.result, { devtools: false, rollout: false, dialogs: 0, override: false });
    assertRefused(out, 'panel');
    assert.equal(out.state.stored, null);
    assert.ok(out.console.some((l) => /panel\(\) refused/.test(l)), out.console.join('\n'));
  });
  test('on localhost the QA panel opens and its button sets an override', async () => {
    const out = await scenario('panel', 'localhost', {
      attack: async (p) => {
        const opened = await p.evaluate(() => window.vaRollout.panel());
        await p.locator(`tr[data-flag="${PROBE}"] button[data-action="flip"]`).click();
        await until(() => p.evaluate((probe) => window.rollout.isEnabled(probe), PROBE), 'the panel override');
        return opened;
      },
    });
    assert.equal(out.result, true);
    assertApplied(out, 'panel');
  });
});

describe('URL parameter ?va-rollout=', () => {
  const suffixes = [
    `/?va-rollout=${PROBE}:on`,
    `/?va-rollout=${PROBE}%3Aon`,
    `/?x=1&va-rollout=${PROBE}:true&va-rollout=${PROBE}:1`,
    `/deep/page?va-rollout=${PROBE}:on#va-rollout=${PROBE}:on`,
  ];
  for (const suffix of suffixes) {
    test(`ignored in production: ${suffix}`, async () => {
      const out = await scenario('url', 'production', { suffix });
      assertRefused(out, suffix);
      assert.equal(out.state.stored, null);
      assert.ok(out.console.some((l) => /URL parameter was ignored/.test(l)), out.console.join('\n'));
    });
  }
  test('a URL rewritten by history.pushState before start is ignored in production too', async () => {
    const out = await withPage(site.browser, 'security-url-pushstate', async (page) => {
      await openFixture(page, ENVS.production() + '/');
      await page.evaluate((probe) => history.pushState({}, '', `/?va-rollout=${probe}:on`), PROBE);
      await startProbe(page);
      return probeState(page);
    });
    assert.equal(out.enabled, false);
    assert.equal(out.stored, null);
  });
  test('applied on localhost', async () => {
    const out = await scenario('url', 'localhost', { suffix: `/?va-rollout=${PROBE}:on` });
    assertApplied(out, 'url');
    assert.ok(out.state.stored.includes(PROBE), 'persisted');
  });
});

describe('override storage written by an attacker before load', () => {
  const documents = {
    'a valid-looking document': storedOverride,
    'a document expiring far in the future': () =>
      JSON.stringify({ version: 1, entries: { [PROBE]: { value: true, expiresAtMs: 8.64e15 } } }),
    'a document with an extra field': () =>
      JSON.stringify({ version: 1, environment: 'staging', entries: { [PROBE]: { value: true, expiresAtMs: Date.now() + 3_600_000 } } }),
  };
  for (const [label, doc] of Object.entries(documents)) {
    test(`ignored in production: ${label}`, async () => {
      const out = await scenario('storage', 'production', {
        init: [([key, d]) => localStorage.setItem(key, d), [OVERRIDES_KEY, doc()]],
      });
      assertRefused(out, label);
      assert.equal(out.started.decision.reason, 'DISABLED', 'bootstrap value from the first decision');
    });
  }
  test('the same key in sessionStorage is ignored in production', async () => {
    const out = await scenario('storage-session', 'production', {
      init: [([key, d]) => sessionStorage.setItem(key, d), [OVERRIDES_KEY, storedOverride()]],
    });
    assertRefused(out, 'sessionStorage');
  });
  test('the valid-looking document is applied on localhost (so it is a real override document)', async () => {
    const out = await scenario('storage', 'localhost', {
      init: [([key, d]) => localStorage.setItem(key, d), [OVERRIDES_KEY, storedOverride()]],
    });
    assertApplied(out, 'stored override');
    assert.equal(out.started.decision.reason, 'OVERRIDE', 'applied from the first decision');
  });
});

/** Messages shaped like every override/environment command one might guess. */
function postEverything(probe) {
  const msgs = [
    { type: 'va-rollout:override', name: probe, value: true },
    { type: 'va-rollout', action: 'override', name: probe, value: true },
    { vaRollout: { override: { [probe]: true } } },
    { 'va-rollout': `${probe}:on` },
    `va-rollout=${probe}:on`,
    JSON.stringify({ type: 'va-rollout:override', name: probe, value: true }),
    { type: 'va-rollout:environment', environment: 'staging' },
    { environment: 'staging' },
  ];
  for (const m of msgs) window.postMessage(m, '*');
  window.postMessage({ selfDone: msgs.length }, '*');
}

describe('crafted postMessage', () => {
  for (const env of ['production', 'localhost']) {
    test(`from the page itself: no override (${env}), and the messages were delivered`, async () => {
      const out = await scenario('postmessage-self', env, {
        attack: async (p) => {
          await p.evaluate(postEverything, PROBE);
          await until(() => p.evaluate(() => window.__messages.some((m) => m.data && m.data.selfDone)), 'messages delivered');
          return p.evaluate(() => window.__messages.length);
        },
      });
      assert.equal(out.result, 9, 'all 9 messages reached the page');
      assert.equal(out.state.enabled, false);
      assert.notEqual(out.state.decision.reason, 'OVERRIDE');
      assert.equal(out.state.stored, null);
      assert.equal(out.started.environment, env);
    });

    test(`from a cross-origin iframe: no override (${env}), and the messages were delivered`, async () => {
      const evil = originFor(site.collector, EVIL_HOST);
      const out = await scenario('postmessage-frame', env, {
        attack: async (p) => {
          await p.evaluate((src) => {
            const f = document.createElement('iframe');
            f.src = src;
            document.body.append(f);
          }, `${evil}/attacker.html?flag=${PROBE}`);
          await until(
            () => p.evaluate(() => window.__messages.some((m) => m.data && m.data.attackerDone)),
            'attacker frame messages',
          );
          return p.evaluate(() => window.__messages.map((m) => m.origin));
        },
      });
      assert.ok(out.result.length >= 10, `messages received: ${out.result.length}`);
      assert.ok(out.result.every((o) => o === evil), 'every message came from the foreign origin');
      assert.equal(out.state.enabled, false);
      assert.notEqual(out.state.decision.reason, 'OVERRIDE');
      assert.equal(out.state.stored, null);
      assert.equal(out.started.environment, env);
    });
  }
});

describe('session pins written by an attacker (sessionStorage va-rollout:pins:v1)', () => {
  const VAOS = ['va_online_scheduling_vaos_service_cc_appointments', 'va_online_scheduling_facilities_service_v2',
    'va_online_scheduling_vaos_service_requests', 'va_online_scheduling_vaos_service_va_appointments'];
  /** A production page whose VAOS toggles are all `value` (vets-api bootstrap), with `pins` stored. */
  async function route(value, pins) {
    return withPage(site.browser, `security-pins-${value}`, async (page, errors, context) => {
      await context.addInitScript((doc) => sessionStorage.setItem('va-rollout:pins:v1', doc), JSON.stringify({ version: 1, pins }));
      await openFixture(page, ENVS.production() + '/');
      return page.evaluate(({ names, value }) => {
        const features = names.map((name) => ({ name, value }));
        const r = window.VA.Rollout.start({ flags: { source: 'vets-api', names, bootstrap: { data: { type: 'feature_toggles', features } } } });
        return { environment: r.environment(), endpoint: r.vaos().endpoint('appointments.get', { id: '123' }) };
      }, { names: VAOS, value });
    });
  }
  test('a stored "on" pin cannot turn on a group that is off for this user in production (rollback wins)', async () => {
    const out = await route(false, { 'group:vaos_service': true });
    assert.equal(out.environment, 'production');
    assert.equal(out.endpoint.system, 'legacy', JSON.stringify(out.endpoint));
    assert.notEqual(out.endpoint.reason, 'PINNED');
  });
  test('control: stored pins are read (an "off" pin holds a user on legacy while the toggles are on)', async () => {
    const out = await route(true, { 'group:vaos_service': false });
    assert.equal(out.endpoint.system, 'legacy', JSON.stringify(out.endpoint));
    assert.equal(out.endpoint.reason, 'PINNED');
    const fresh = await route(true, {});
    assert.equal(fresh.endpoint.system, 'vaos-service', JSON.stringify(fresh.endpoint));
  });
});
