// Journey 12's page (tests/e2e/journeys/j12-sliced-join.test.mjs): calls made while the wasm core
// joins. From right after Rollout.start until the core has joined, and a few ticks after, a
// `user-blocking` task every 2 ms (scheduler.postTask: a priority that outranks the join's own
// continuations, as input does; the delay leaves the page's loading its turn) reads a flag,
// evaluates one and tracks an event. Each tick records whether the module had loaded (`init()`
// resolved) and whether the core had joined (`telemetryStats()` is not null once it has).
// Results land in window.result.
import init, { Rollout } from '/pkg/web/index.js';

const FLOW = 'mhv_secure_messaging_curated_list_flow';
const RECENT = 'mhv_secure_messaging_recent_recipients';
const rollout = Rollout.start({
  flags: { source: 'vets-api', url: '/v0/feature_toggles', names: [FLOW, RECENT], bootstrap: window.BOOT },
  telemetry: { url: location.origin, service: 'j12-sliced-join', contextFlags: [FLOW] },
});
let loaded = false;
init().then(() => (loaded = true));
const ticks = [];
const AFTER_JOIN = 3;
await new Promise((done) => {
  let joinedTicks = 0;
  const tick = () => {
    const joined = rollout.telemetryStats() !== null;
    const i = ticks.length;
    ticks.push({ i, at: Math.round(performance.now()), loaded, joined, flow: rollout.isEnabled(FLOW), recent: rollout.evaluate(RECENT).value });
    rollout.track.action('j12_tick', { tick: i, joined });
    if (joined) joinedTicks += 1;
    if (joinedTicks >= AFTER_JOIN || i > 3000) done();
    else globalThis.scheduler.postTask(tick, { priority: 'user-blocking', delay: 2 });
  };
  tick();
});
await rollout.ready();
rollout.flush();
window.result = {
  ticks,
  error: rollout.lastError(),
  sessionId: rollout.telemetryStats()?.sessionId ?? null,
  snapshot: rollout.snapshot(),
};
