// secureMessaging().start() before the core joins (pkg/src/early-routes.js) against the core in
// Chromium, over every flow-flag state (none, declared default, vets-api bootstrap, stored QA
// override, a Flipper bootstrap the shell cannot read) × session pin (none, on, off, garbage,
// another version) × base path: where the shell answers, it answers exactly the core's route,
// the core's replay agrees (no EARLY_ROUTE_MISMATCH) and leaves the pin the core would; where
// it cannot tell, it says NOT_READY with the legacy path and the session's flow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withPage } from '../lib/chromium.mjs';
import { smokeSite } from '../lib/smoke-site.mjs';

const FLOW = 'mhv_secure_messaging_curated_list_flow';
const site = smokeSite();

const vets = (value) => ({ data: { type: 'feature_toggles', features: [{ name: FLOW, value }] } });
const FLAG_STATES = {
  none: {},
  'default on': { defaults: { [FLOW]: true } },
  'default off': { defaults: { [FLOW]: false } },
  'bootstrap on': { bootstrap: vets(true) },
  'bootstrap off': { bootstrap: vets(false) },
  'override on': { bootstrap: vets(false), override: true },
  'override off': { bootstrap: vets(true), override: false },
  'flipper bootstrap': { bootstrap: { features: [{ key: FLOW, gates: [{ key: 'boolean', value: true }] }] } },
};
const PINS = {
  none: undefined,
  on: { version: 1, pins: { 'flow:sm_curated_list': true } },
  off: { version: 1, pins: { 'flow:sm_curated_list': false } },
  garbage: '{not json',
  'version 2': { version: 2, pins: { 'flow:sm_curated_list': true } },
};
const OPTS = [undefined, { basePath: '/sm/' }, { basePath: '/bad//path' }];

test('early start() answers the core route, or says it cannot', async () => {
  await withPage(site.browser, 'early-routes', async (page, errors) => {
    await page.goto(`${site.server.url}/early-routes.html`);
    await page.waitForFunction(() => window.ready === true);
    let decided = 0;
    let notReady = 0;
    for (const [flagName, flags] of Object.entries(FLAG_STATES)) {
      for (const [pinName, pins] of Object.entries(PINS)) {
        for (const opts of OPTS) {
          const { override, ...flagConfig } = flags;
          const config = { environment: 'localhost', flags: { source: 'vets-api', names: [FLOW], ...flagConfig } };
          const where = `${flagName} × pin ${pinName} × ${JSON.stringify(opts)}`;
          const r = await page.evaluate((s) => window.run(s), { config, pins, override, opts });
          assert.notEqual(r.afterJoin?.code, 'EARLY_ROUTE_MISMATCH', `${where}: ${JSON.stringify(r)}`);
          if (r.earlyError?.code === 'NOT_READY') {
            notReady++;
            // A fallback stays in the session's flow: the pinned one, else legacy.
            const pinned = pins !== null && typeof pins === 'object' && pins.version === 1 && pins.pins?.['flow:sm_curated_list'] === true;
            assert.equal(r.early.flow, pinned ? 'curated' : 'legacy', where);
            continue;
          }
          decided++;
          assert.equal(r.earlyError, null, where);
          assert.deepEqual(r.early, r.core, `${where}: ${JSON.stringify(r)}`);
          assert.equal(r.pinsAfterEarly, r.pinsAfterCore, `${where}: the replay pinned as the core does`);
        }
      }
    }
    // Only the Flipper bootstrap (PENDING) and the refused base path are left to the core.
    assert.equal(notReady, 5 * 3 + 7 * 5, `decided ${decided}, not ready ${notReady}`);
    assert.deepEqual(errors.filter((e) => !/NOT_READY|invalid secureMessaging options|VaRolloutConfigError/.test(e)), []);
  });
});
