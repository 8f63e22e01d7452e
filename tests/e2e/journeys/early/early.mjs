// Journey 10's page (tests/e2e/journeys/j10-early-calls.test.mjs): one script that decides, routes
// and tracks either in its first milliseconds (?mode=early: right after Rollout.start, before the
// wasm core has joined) or after `await rollout.ready()` (?mode=wait). The bootstrap, when the
// test gives one, is window.BOOT (server-rendered in a real page). Results land in window.result.
import { Rollout } from '/pkg/web/index.js';

const FLOW = 'mhv_secure_messaging_curated_list_flow';
const RECENT = 'mhv_secure_messaging_recent_recipients';
const mode = new URLSearchParams(location.search).get('mode');
const t0 = performance.now();
const rollout = Rollout.start({
  flags: { source: 'vets-api', url: '/v0/feature_toggles', names: [FLOW, RECENT], bootstrap: window.BOOT },
  telemetry: { url: location.origin, service: 'j10-early-calls', contextFlags: [FLOW] },
});
if (mode === 'wait') await rollout.ready();
const joined = rollout.telemetryStats() !== null;
const flow = rollout.isEnabled(FLOW);
const recent = rollout.evaluate(RECENT);
const route = rollout.secureMessaging().start();
rollout.track.action('j10_compose', { step: 1 });
rollout.track.timing('j10_render', 12.5, { system: 'vaos-service' });
rollout.track.error('j10_failure', { status: 503 });
const calledMs = performance.now() - t0;
await rollout.ready();
rollout.flush();
window.result = {
  joinedAtFirstCall: joined,
  calledMs,
  flow,
  recent: { value: recent.value, reason: recent.reason },
  route: { path: route.path, flow: route.flow },
  error: rollout.lastError(),
  sessionId: rollout.telemetryStats()?.sessionId ?? null,
  snapshot: rollout.snapshot(),
};
