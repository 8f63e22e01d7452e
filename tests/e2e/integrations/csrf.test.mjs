// vets-api's CSRF handshake in flag delivery, in Chromium: X-CSRF-Token goes out from
// localStorage.csrfToken, a rotated token from the response is stored, the handshake is off for
// the Flipper source and when configured off, and nothing breaks when storage is unavailable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withPage } from '../lib/chromium.mjs';
import { openPage, useServerAndBrowser } from './helpers.mjs';

const env = useServerAndBrowser();
const FLAGS = { data: { type: 'feature_toggles', features: [{ name: 'csrf_probe_flag', value: true }] } };
const PATH = '/v0/feature_toggles';

/** Starts a Rollout against the scripted flags endpoint and waits for its first refresh. */
function startAndRefresh(page, url, flags = {}) {
  return page.evaluate(async ({ url, flags }) => {
    window.rollout = window.VA.Rollout.start({
      environment: 'staging',
      flags: { source: 'vets-api', url, names: ['csrf_probe_flag'], ...flags },
    });
    await window.rollout.ready();
    let stored;
    try {
      stored = localStorage.getItem('csrfToken');
    } catch (e) {
      stored = `unavailable: ${e.name}`;
    }
    return { on: window.rollout.isEnabled('csrf_probe_flag'), error: window.rollout.lastError(), stored };
  }, { url, flags });
}

test('the stored token goes out, a rotated token is stored and used next', async () => {
  const { server, browser } = env;
  server.reset();
  server.script(PATH, { json: FLAGS, headers: { 'X-CSRF-Token': 'rotated-token-2' } }, { json: FLAGS });
  await withPage(browser, 'csrf-rotate', async (page, errors) => {
    await openPage(page, server, () => localStorage.setItem('csrfToken', 'first-token-1'));
    const out = await startAndRefresh(page, server.url(PATH));
    assert.equal(out.on, true);
    assert.equal(out.error, null);
    assert.equal(out.stored, 'rotated-token-2', 'the rotated token was stored');
    await page.evaluate(() => window.rollout.refresh());
    const sent = server.requests(PATH).map((r) => r.headers['x-csrf-token']);
    assert.deepEqual(sent, ['first-token-1', 'rotated-token-2']);
    assert.equal(await page.evaluate(() => localStorage.getItem('csrfToken')), 'rotated-token-2', 'a response without a token leaves it');
    assert.deepEqual(errors, []);
  });
});

test('no token stored: no header; off for the Flipper source and with csrf: false', async () => {
  const { server, browser } = env;
  server.reset();
  server.script(PATH, { json: FLAGS });
  server.script('/flipper', { json: { features: [{ key: 'csrf_probe_flag', gates: [{ key: 'boolean', value: 'true' }] }] } });
  await withPage(browser, 'csrf-off', async (page) => {
    await openPage(page, server);
    await startAndRefresh(page, server.url(PATH));
    await openPage(page, server, () => localStorage.setItem('csrfToken', 'kept-token'));
    await startAndRefresh(page, server.url(PATH), { csrf: false });
    const flipper = await page.evaluate(async (url) => {
      const r = window.VA.Rollout.start({ environment: 'staging', flags: { source: 'flipper', url } });
      await r.ready();
      return r.isEnabled('csrf_probe_flag');
    }, server.url('/flipper'));
    assert.equal(flipper, true);
    const sent = [...server.requests(PATH), ...server.requests('/flipper')].map((r) => r.headers['x-csrf-token'] ?? null);
    assert.deepEqual(sent, [null, null, null]);
  });
});

test('storage unavailable: the flags still load, no header, nothing thrown', async () => {
  const { server, browser } = env;
  server.reset();
  server.script(PATH, { json: FLAGS, headers: { 'X-CSRF-Token': 'rotated-token-3' } });
  await withPage(browser, 'csrf-no-storage', async (page, errors) => {
    await openPage(page, server, () => {
      const deny = () => {
        throw new DOMException('storage is disabled', 'SecurityError');
      };
      Object.defineProperty(window, 'localStorage', { get: deny, configurable: true });
      Object.defineProperty(window, 'sessionStorage', { get: deny, configurable: true });
    });
    const out = await startAndRefresh(page, server.url(PATH));
    assert.equal(out.on, true, 'the fetched value applies');
    assert.equal(out.error, null);
    assert.equal(out.stored, 'unavailable: SecurityError');
    assert.equal(server.requests(PATH)[0].headers['x-csrf-token'], undefined);
    assert.deepEqual(errors, []);
  });
});
