#!/usr/bin/env node
// Checks one split build in Node (scripts/build-variants.sh):
//   node scripts/check-variant.cjs <index.cjs> <parts>     parts: "", "routing", "routing,telemetry"
// Starts a Rollout from a vets-api bootstrap, checks a decision, and that the routing and
// telemetry parts are present or absent as built — with the wrapper's documented behaviour for
// absent parts (README "Size"): configuration of an absent part is a VaRolloutConfigError,
// secureMessaging() falls back to the legacy flow with a NOT_IN_BUILD lastError(), and a build
// without telemetry acts as if telemetry were not configured. Exits non-zero on the first mismatch.
'use strict';
const assert = require('node:assert/strict');

const [entry, partsArg = ''] = process.argv.slice(2);
const parts = new Set(partsArg.split(',').filter(Boolean));
const { Rollout } = require(entry);
const FLOW = 'mhv_secure_messaging_curated_list_flow';
const bootstrap = { data: { type: 'feature_toggles', features: [{ name: FLOW, value: true }, { name: 'off_flag', value: false }] } };
const warnings = [];
console.warn = (m) => warnings.push(String(m));

const r = Rollout.start({ environment: 'staging', flags: { source: 'vets-api', bootstrap } });
assert.equal(r.isEnabled(FLOW), true);
assert.equal(r.isEnabled('off_flag'), false);
assert.equal(r.evaluate(FLOW).reason, 'STATIC');
assert.equal(r.lastError(), null);

const sm = r.secureMessaging();
const route = sm.start({ recentCareTeams: 2 });
if (parts.has('routing')) {
  assert.equal(route.flow, 'curated', JSON.stringify(route));
  assert.equal(r.lastError(), null);
} else {
  assert.deepEqual(route, { path: '/my-health/secure-messages/new-message/', flow: 'legacy' });
  assert.equal(r.lastError().code, 'NOT_IN_BUILD');
  assert.throws(() => Rollout.start({ flags: { source: 'vets-api' }, vaos: {} }), /vaos: this build of va-rollout has no routing/);
}

const telemetry = { url: 'http://127.0.0.1:9', service: 'check' };
if (parts.has('telemetry')) {
  const t = Rollout.start({ flags: { source: 'vets-api', bootstrap }, telemetry });
  const before = t.telemetryStats().queued;
  t.track.action('checked');
  assert.equal(t.telemetryStats().queued, before + 1, JSON.stringify(t.telemetryStats()));
} else {
  assert.throws(
    () => Rollout.start({ flags: { source: 'vets-api' }, telemetry }),
    (e) => e.name === 'VaRolloutConfigError' && /telemetry: this build of va-rollout has no telemetry/.test(e.message),
  );
  r.track.action('checked');
  assert.equal(r.telemetryStats(), null);
}
console.log(`    check-variant: ${[...parts].join('+') || 'flags only'} build behaves as documented`);
